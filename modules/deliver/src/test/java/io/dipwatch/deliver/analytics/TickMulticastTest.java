package io.dipwatch.deliver.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TickMulticastTest {
  private final AnalyticsTopology.TickMulticast partitioner = new AnalyticsTopology.TickMulticast();

  @Test
  void ticksReachEveryPartition() {
    assertThat(partitioner.partitions("t", AnalyticsTopology.TICK, "", 3)).contains(Set.of(0, 1, 2));
    assertThat(partitioner.partitions("t", AnalyticsTopology.TICK, "", 1)).contains(Set.of(0));
  }

  @Test
  void countsKeepTheDefaultPartitioning() {
    assertThat(partitioner.partitions("t", "SANCTIONS|PRK", "id", 3)).isEmpty();
  }
}
