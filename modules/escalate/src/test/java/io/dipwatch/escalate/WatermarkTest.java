package io.dipwatch.escalate;

import static io.dipwatch.core.model.Categories.LABOUR_MIGRATION;
import static io.dipwatch.core.model.Categories.RECOGNITION;
import static io.dipwatch.core.model.Categories.SANCTIONS;
import static io.dipwatch.escalate.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle processor of one partition fed by several input partitions (which TopologyTestDriver cannot
 * show: it runs every input as partition 0): its watermark is the slowest input's, so an input catching up
 * does not make the others' events late, and windows close only once every input has passed them.
 */
class WatermarkTest {
  private static final Instant T0 = Instant.parse("2022-09-05T08:00:00Z");
  private final EscalationConfig config = EscalationConfig.defaults();
  private MockProcessorContext<String, Emission> context;
  private Processor<String, Signal, String, Emission> processor;
  private List<StateStore> stores;
  private long offset;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "watermark-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    context = new MockProcessorContext<>(props, new TaskId(2, 0),
        Files.createDirectories(dir.resolve("state")).toFile());
    context.setCurrentSystemTimeMs(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    var supplier = EscalateTopology.lifecycle(config, 2);
    List<StoreBuilder<?>> builders = new java.util.ArrayList<>(supplier.stores());
    builders.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EscalateTopology.SILENCE_STORE),
        Serdes.String(), DipwatchSerdes.silence()));
    stores = builders.stream()
        .map(b -> (StateStore) b.withLoggingDisabled().withCachingDisabled().build()).toList();
    for (StateStore store : stores) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    processor = supplier.get();
    processor.init(context);
  }

  @AfterEach
  void stop() {
    processor.close();
    stores.forEach(StateStore::close);
  }

  private static Instant t(double days) {
    return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  private void tick(int input, Instant at) {
    context.setRecordMetadata("repartition", 0, offset++);
    processor.process(new Record<>(Signal.TICK_KEY, Signal.tick(at.toEpochMilli(), "partition-" + input),
        at.toEpochMilli()));
  }

  private void send(ClassifiedEvent e) {
    context.setRecordMetadata("repartition", 0, offset++);
    processor.process(new Record<>("PRK|RUS", Signal.of(e), e.getPublishedAt().toEpochMilli()));
  }

  private List<Emission> emitted() {
    return context.forwarded().stream().map(f -> (Emission) f.record().value()).toList();
  }

  @Test
  void theSlowestInputSetsTheWatermark() {
    tick(0, t(5)); // input 0 is far ahead; input 1 is catching up
    tick(1, t(1));
    send(event("a", "s-a", "one.com", t(0.5), List.of(SANCTIONS), "PRK", "RUS"));
    send(event("b", "s-b", "two.com", t(0.6), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    assertThat(emitted()).extracting(e -> e.escalation().getStatus(), e -> e.escalation().getEmittedAt())
        .containsExactly(tuple("FIRING", t(1))); // decided at the watermark, not input 0's time

    send(event("c", "s-c", "three.com", t(-0.5), List.of(SANCTIONS), "PRK", "RUS")); // beyond grace of t(1)
    assertThat(emitted()).hasSize(2);
    assertThat(emitted().get(1).parked().getId()).isEqualTo("c");

    tick(1, t(9)); // input 0 still at t(5): the window (copies until t(7.5)) stays open
    assertThat(emitted()).hasSize(2);
    tick(0, t(9));
    assertThat(emitted()).hasSize(3);
    Escalation resolved = emitted().get(2).escalation();
    assertThat(resolved.getStatus()).isEqualTo("RESOLVED");
    assertThat(resolved.getEmittedAt()).isEqualTo(t(7.5));
    assertThat(resolved.getVersion()).isEqualTo(2L);
  }

  @Test
  void eventsWaitUntilEveryInputHasTickedThenAreTakenInAtTheirOwnTimes() {
    tick(0, t(30));
    send(event("a", "s-a", "one.com", t(0), List.of(SANCTIONS), "PRK", "RUS"));
    send(event("b", "s-b", "two.com", t(0.1), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    assertThat(emitted()).isEmpty();
    tick(1, t(30));
    assertThat(emitted()).extracting(e -> e.escalation().getStatus(), e -> e.escalation().getEmittedAt())
        .containsExactly(tuple("FIRING", t(0.1)), tuple("RESOLVED", t(7)));
  }

  @Test
  void eventsAheadOfTheWatermarkAreTakenInInEventTimeOrderWhateverTheirArrivalOrder() {
    tick(0, t(1));
    tick(1, t(1));
    // arrival order c, a, b; event-time order a, b, c: the throttle and the levels see a, b, c
    send(event("c", "s-c", "three.com", t(1.3), List.of(RECOGNITION), "PRK", "RUS"));
    send(event("a", "s-a", "one.com", t(1.1), List.of(SANCTIONS), "PRK", "RUS"));
    send(event("b", "s-b", "two.com", t(1.2), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    assertThat(emitted()).isEmpty();
    tick(0, t(2));
    tick(1, t(2));
    assertThat(emitted()).extracting(e -> e.escalation().getStatus(), e -> e.escalation().getLevel(),
            e -> e.escalation().getEmittedAt())
        .containsExactly(tuple("FIRING", "WATCH", t(1.2)), tuple("FIRING", "WARNING", t(1.3)));
  }

  @Test
  void oldTicksAndRepeatedTicksChangeNothing() {
    tick(1, t(3));
    tick(0, t(3));
    send(event("a", "s-a", "one.com", t(3), List.of(SANCTIONS), "PRK", "RUS"));
    send(event("b", "s-b", "two.com", t(3), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    tick(0, t(1));
    tick(0, t(3));
    assertThat(emitted()).extracting(e -> e.escalation().getStatus()).containsExactly("FIRING");
    tick(0, t(10.5));
    tick(1, t(10.5));
    assertThat(emitted()).extracting(e -> e.escalation().getStatus()).containsExactly("FIRING", "RESOLVED");
  }
}
