package io.dipwatch.deliver.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.model.Categories;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.DeliveryConfig;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.schema.CategoryCount;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analytics topology as the app runs it: real broker, exactly-once, its own repartition topic. */
class AnalyticsIT {
  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final Instant HOUR_10 = Instant.parse("2026-03-01T10:00:00Z");

  private final Topics topics = new Topics();
  private KafkaStreams streams;
  private String repartitionTopic;

  @BeforeEach
  void start() {
    kafka.createTopics(topics, Categories.DEFAULTS);
    KafkaSettings settings = kafka.kafkaSettings();
    repartitionTopic = settings.applicationIdPrefix() + "-analytics-analytics-counts-by-category-actor-repartition";
    streams = new KafkaStreams(AnalyticsTopology.build(topics, DeliveryConfig.defaults()),
        StreamsProps.forStage(settings, topics, "analytics"));
    streams.start();
  }

  @AfterEach
  void stop() {
    streams.close(Duration.ofSeconds(30));
  }

  private void produce(ClassifiedEvent e) {
    kafka.produce(topics.classified, e.getStoryId(), e, e.getPublishedAt());
  }

  @Test
  void countsReachTheAnalyticsTopicOncePerHourAndEscalationsAreMirroredAsJson() throws Exception {
    produce(AnalyticsTopologyTest.event("a", HOUR_10.plusSeconds(60), List.of("SANCTIONS"), List.of("PRK", "RUS")));
    produce(AnalyticsTopologyTest.event("b", HOUR_10.plusSeconds(600), List.of("SANCTIONS"), List.of("PRK")));
    produce(AnalyticsTopologyTest.event("c", HOUR_10.plusSeconds(3000), List.of("WEAPONS_DEVELOPMENT"),
        List.of("PRK")));
    kafka.produce(topics.escalations, "PRK|RUS", TestEscalations.escalation("PRK|RUS", "FIRING", "WARNING", 1));

    // The three items are in their hour's counting task (on whichever partition) before time moves on;
    // the tasks reading the input partitions run independently, so without this the test would race them.
    await().atMost(Duration.ofSeconds(60))
        .until(() -> kafka.admin().listTopics().names().get().contains(repartitionTopic));
    await().atMost(Duration.ofSeconds(60)).until(() -> kafka.consumeRaw(repartitionTopic, 0, Duration.ofSeconds(5))
        .stream().filter(r -> !AnalyticsTopology.TICK.equals(new String(r.key(), StandardCharsets.UTF_8))).count() == 4);

    // Event time moves on: later items (a different actor, so the hour under test is untouched), a minute
    // apart so each one's watermark tick reaches every partition, close the 10:00 hour once its 30-minute
    // grace has passed. Streams checks for closed windows at most once a second of wall-clock time, so
    // items keep coming until the final counts appear.
    AtomicInteger tick = new AtomicInteger();
    Map<String, Long> counts = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          produce(AnalyticsTopologyTest.event("tick" + tick.incrementAndGet(),
              HOUR_10.plusSeconds(2 * 3600 + 60L * tick.get()), List.of("SANCTIONS"), List.of("TICK")));
          return kafka.consume(topics.analyticsCounts, 0, Duration.ofSeconds(5)).stream()
              .filter(r -> r.value().getHourStart().equals(HOUR_10))
              .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value().getCount()));
        }, m -> m.size() >= 3);

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
        "SANCTIONS|PRK|2026-03-01T10:00:00Z", 2L,
        "SANCTIONS|RUS|2026-03-01T10:00:00Z", 1L,
        "WEAPONS_DEVELOPMENT|PRK|2026-03-01T10:00:00Z", 1L));
    List<ConsumerRecord<String, CategoryCount>> all = kafka.consume(topics.analyticsCounts, 3, Duration.ofSeconds(10));
    assertThat(all.stream().filter(r -> r.key().equals("SANCTIONS|PRK|2026-03-01T10:00:00Z")))
        .as("final per hour: one record, not a running count").hasSize(1);

    List<ConsumerRecord<String, String>> json = kafka.consume(topics.escalationsJson, 1, Duration.ofSeconds(30));
    JsonNode line = Json.mapper().readTree(json.get(0).value());
    assertThat(line.path("key").asText()).isEqualTo("PRK|RUS");
    assertThat(line.path("level").asText()).isEqualTo("WARNING");
  }
}
