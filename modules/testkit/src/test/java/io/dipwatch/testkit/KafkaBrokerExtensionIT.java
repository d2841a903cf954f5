package io.dipwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.model.Categories;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.NewsItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tests share one broker and its topics, so each uses its own keys or topics. */
class KafkaBrokerExtensionIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private final Topics topics = new Topics();

  @Test
  void createsEveryTopicWithItsSpecAndToleratesExistingOnes() throws Exception {
    kafka.createTopics(topics, Categories.DEFAULTS);
    kafka.createTopics(topics, Categories.DEFAULTS);

    Set<String> names = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS);
    assertThat(names).containsAll(topics.all(Categories.DEFAULTS).stream().map(t -> t.name()).toList())
        .contains("dipwatch.events.labour_migration");
    var described = kafka.admin().describeTopics(Set.of(topics.newsRaw.name(), topics.rules.name()))
        .allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(described.get(topics.newsRaw.name()).partitions()).hasSize(topics.newsRaw.spec().partitions());
    assertThat(described.get(topics.rules.name()).partitions()).hasSize(1);
    var rulesConfig = new ConfigResource(ConfigResource.Type.TOPIC, topics.rules.name());
    assertThat(kafka.admin().describeConfigs(List.of(rulesConfig)).all().get(30, TimeUnit.SECONDS)
        .get(rulesConfig).get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void producedItemsComeBackTypedWithTheirEventTime() {
    kafka.createTopics(topics, List.of());
    Instant publishedAt = Instant.parse("2022-09-05T08:30:00.123456Z");
    NewsItem seed = Fixtures.seedItem("seed-1", "nknews.org", publishedAt);
    NewsItem other = Fixtures.item("other-1", "Weather", "Sunny", "example.com", publishedAt.plusSeconds(60));
    kafka.produce(topics.newsRaw, seed.getId(), seed, seed.getPublishedAt());
    kafka.produce(topics.newsRaw, other.getId(), other);

    List<ConsumerRecord<String, NewsItem>> records = kafka.consume(topics.newsRaw, 2, TIMEOUT).stream()
        .filter(r -> Set.of("seed-1", "other-1").contains(r.key())).toList();

    assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(seed, other);
    ConsumerRecord<String, NewsItem> seedRecord =
        records.stream().filter(r -> r.key().equals("seed-1")).findFirst().orElseThrow();
    assertThat(seedRecord.timestamp()).isEqualTo(Instant.parse("2022-09-05T08:30:00.123Z").toEpochMilli());
    assertThat(seedRecord.value().getTitle()).isEqualTo(Fixtures.SEED_TITLE);
  }

  @Test
  void rawRecordsReadBackAsBytes() {
    kafka.createTopics(List.of(topics.dlq));
    kafka.produceRaw(topics.dlq.name(), "k".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2}, null);

    List<ConsumerRecord<byte[], byte[]>> records = kafka.consumeRaw(topics.dlq.name(), 1, TIMEOUT);

    assertThat(records).hasSize(1);
    assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k");
    assertThat(records.get(0).value()).containsExactly(0, 1, 2);
  }

  @Test
  void consumeFailsWhenTooFewRecordsArrive() {
    kafka.createTopics(List.of(topics.silences));
    assertThatThrownBy(() -> kafka.consume(topics.silences, 1, Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at least 1 records on dipwatch.silences");
  }

  @Test
  void consumeWaitsForATopicThatDoesNotExistYetAndFailsClearlyIfItNeverComes() {
    assertThatThrownBy(() -> kafka.consumeRaw("never-created", 1, Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("never-created does not exist");
  }

  @Test
  void settingsAndDirectoriesAreFreshPerStreamsApp() {
    var first = kafka.kafkaSettings();
    var second = kafka.kafkaSettings();
    assertThat(first.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
    assertThat(first.applicationIdPrefix()).isNotEqualTo(second.applicationIdPrefix());
    assertThat(first.stateDir()).isNotEqualTo(second.stateDir()).startsWith(kafka.tempDir().toString());
    assertThat(kafka.tempDir()).isDirectory();
    assertThat(kafka.broker().isRunning()).isTrue();
  }

  @Test
  void exactlyOnceStreamsAppRunsWithTheSharedStageSettings() {
    kafka.createTopics(topics, List.of());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.newsRaw.name(), topics.newsRaw.consumed())
        .filter((id, item) -> id.startsWith("eos-"), Named.as("only-eos"))
        .mapValues(NewsItem::getTitle, Named.as("title"))
        .to(topics.escalationsJson.name(), topics.escalationsJson.produced());
    KafkaStreams streams = new KafkaStreams(builder.build(),
        StreamsProps.forStage(kafka.kafkaSettings(), topics, "testkit-it"));
    try {
      streams.start();
      kafka.produce(topics.newsRaw, "eos-1", Fixtures.seedItem("eos-1", "nknews.org", Instant.now()));

      List<ConsumerRecord<String, String>> titles = kafka.consume(topics.escalationsJson, 1, Duration.ofSeconds(60));

      assertThat(titles).extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("eos-1", Fixtures.SEED_TITLE));
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  @Nested
  class NestedTests {
    @Test
    void shareTheOuterBroker() {
      assertThat(kafka.broker().isRunning()).isTrue();
      assertThat(kafka.consumerProps("g").getProperty("isolation.level")).isEqualTo("read_committed");
    }
  }
}
