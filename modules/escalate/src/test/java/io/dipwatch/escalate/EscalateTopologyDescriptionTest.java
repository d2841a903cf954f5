package io.dipwatch.escalate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.topic.Topics;
import io.dipwatch.testkit.Fixtures;
import org.junit.jupiter.api.Test;

/** Names of processors, stores and internal topics are a contract with running deployments: pin them. */
class EscalateTopologyDescriptionTest {

  @Test
  void topologyDescriptionMatchesTheSnapshot() {
    String described = EscalateTopology.build(new Topics(), EscalationConfig.defaults()).describe().toString();
    assertThat(described.strip()).isEqualTo(Fixtures.resource("/escalate-topology.txt").strip());
  }
}
