package io.dipwatch.escalate;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.dipwatch.core.config.KafkaSettings;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The escalate topology in a TopologyTestDriver, with its topics and the records it wrote so far. */
final class Harness implements AutoCloseable {
  /** One partition, as TopologyTestDriver runs every topic as partition 0 (a single input to await). */
  final Topics topics = new Topics(Topics.DEFAULT_PREFIX, 1);
  final TopologyTestDriver driver;
  final TestInputTopic<String, ClassifiedEvent> classified;
  final TestInputTopic<String, Long> ticks;
  final TestInputTopic<String, Silence> silences;
  final TestOutputTopic<String, Escalation> escalations;
  final TestOutputTopic<String, Escalation> state;
  final TestOutputTopic<byte[], byte[]> dlq;
  final List<Escalation> emitted = new ArrayList<>();
  private final Path stateDir;

  Harness(EscalationConfig config, Instant wallClock) throws Exception {
    stateDir = Files.createTempDirectory("escalate-ttd");
    Properties props = EscalateTopology.streamsProperties(
        KafkaSettings.defaults().withBootstrapServers("127.0.0.1:9").withStateDir(stateDir.toString()), topics,
        config, null);
    driver = new TopologyTestDriver(EscalateTopology.build(topics, config), props, wallClock);
    classified = driver.createInputTopic(topics.classified.name(), new StringSerializer(),
        DipwatchSerdes.classifiedEvent().serializer());
    ticks = driver.createInputTopic(topics.ticks.name(), new StringSerializer(), new LongSerializer());
    silences = driver.createInputTopic(topics.silences.name(), new StringSerializer(),
        DipwatchSerdes.silence().serializer());
    escalations = driver.createOutputTopic(topics.escalations.name(), new StringDeserializer(),
        DipwatchSerdes.escalation().deserializer());
    state = driver.createOutputTopic(topics.escalationsState.name(), new StringDeserializer(),
        DipwatchSerdes.escalation().deserializer());
    dlq = driver.createOutputTopic(topics.dlq.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  Harness() throws Exception {
    this(EscalationConfig.defaults(), Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Pipes an event with its publication time as record timestamp, then collects what came out. */
  List<Escalation> send(ClassifiedEvent e) {
    classified.pipeInput(e.getStoryId(), e, e.getPublishedAt());
    return drain();
  }

  List<Escalation> tick(Instant watermark) {
    ticks.pipeInput("ticker", watermark.toEpochMilli(), watermark);
    return drain();
  }

  List<Escalation> drain() {
    List<Escalation> batch = new ArrayList<>(escalations.readValuesToList());
    emitted.addAll(batch);
    return batch;
  }

  List<Escalation> of(String key) {
    return emitted.stream().filter(e -> e.getKey().equals(key)).toList();
  }

  /** The compacted twin's view: last record per key. */
  Map<String, Escalation> latestState() {
    Map<String, Escalation> latest = new LinkedHashMap<>();
    for (TestRecord<String, Escalation> r : state.readRecordsToList()) {
      latest.put(r.key(), r.value());
    }
    return latest;
  }

  @Override
  public void close() throws Exception {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
