package io.dipwatch.deliver.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.DeliveryConfig;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.schema.CategoryCount;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsTopologyTest {
  private static final Instant HOUR_10 = Instant.parse("2026-03-01T10:00:00Z");
  private final Topics topics = new Topics();
  @TempDir
  Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ClassifiedEvent> classified;
  private TestOutputTopic<String, CategoryCount> counts;

  @BeforeEach
  void start() {
    driver = driver(DeliveryConfig.defaults());
    classified = driver.createInputTopic(topics.classified.name(), topics.classified.keySerde().serializer(),
        topics.classified.valueSerde().serializer());
    counts = driver.createOutputTopic(topics.analyticsCounts.name(), topics.analyticsCounts.keySerde().deserializer(),
        topics.analyticsCounts.valueSerde().deserializer());
  }

  private TopologyTestDriver driver(DeliveryConfig config) {
    Properties props = StreamsProps.forStage(KafkaSettings.defaults().withBootstrapServers("127.0.0.1:9").withStateDir(stateDir.toString()), topics,
        "analytics");
    return new TopologyTestDriver(AnalyticsTopology.build(topics, config), props, HOUR_10);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static ClassifiedEvent event(String id, Instant publishedAt, List<String> categories, List<String> actors) {
    return ClassifiedEvent.newBuilder()
        .setId(id).setStoryId("story-" + id).setTitle("t " + id).setSource("wire")
        .setPublishedAt(publishedAt).setClassifiedAt(publishedAt.plusSeconds(5))
        .setCategories(categories.stream().map(c -> CategoryScore.newBuilder().setName(c).setScore(1.0).build()).toList())
        .setActors(actors)
        .build();
  }

  /** Pipes an event whose record timestamp is deliberately wrong: event time must come from publishedAt. */
  private void pipe(ClassifiedEvent e) {
    classified.pipeInput(e.getStoryId(), e, Instant.parse("2020-01-01T00:00:00Z"));
    driver.advanceWallClockTime(Duration.ofSeconds(2));
  }

  @Test
  void countsEachHourOnceWhenTheHourAndItsGraceHavePassed() {
    pipe(event("a", HOUR_10.plusSeconds(5 * 60), List.of("SANCTIONS"), List.of("PRK", "RUS")));
    pipe(event("b", HOUR_10.plusSeconds(20 * 60), List.of("SANCTIONS", "LABOUR_MIGRATION"), List.of("PRK")));
    pipe(event("c", HOUR_10.plusSeconds(59 * 60), List.of("SANCTIONS"), List.of("PRK", "PRK")));
    pipe(event("d", HOUR_10.plusSeconds(75 * 60), List.of("SANCTIONS"), List.of("PRK")));
    assertThat(counts.isEmpty()).as("nothing before 11:00 + 30 min grace").isTrue();

    pipe(event("late-but-in-grace", HOUR_10.plusSeconds(30 * 60), List.of("SANCTIONS"), List.of("PRK")));
    pipe(event("none", HOUR_10.plusSeconds(80 * 60), List.of(), List.of("PRK")));
    assertThat(counts.isEmpty()).isTrue();

    pipe(event("e", HOUR_10.plusSeconds(91 * 60), List.of("RECOGNITION"), List.of("XKX")));
    Map<String, Long> hour10 = counts.readKeyValuesToList().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.getCount()));
    assertThat(hour10).containsExactlyInAnyOrderEntriesOf(Map.of(
        "SANCTIONS|PRK|2026-03-01T10:00:00Z", 4L,
        "SANCTIONS|RUS|2026-03-01T10:00:00Z", 1L,
        "LABOUR_MIGRATION|PRK|2026-03-01T10:00:00Z", 1L));

    pipe(event("too-late", HOUR_10.plusSeconds(10 * 60), List.of("SANCTIONS"), List.of("PRK")));
    pipe(event("f", HOUR_10.plusSeconds(3 * 3600), List.of("SANCTIONS"), List.of("PRK")));
    var hour11 = counts.readKeyValuesToList();
    assertThat(hour11).extracting(kv -> kv.key).containsExactlyInAnyOrder(
        "SANCTIONS|PRK|2026-03-01T11:00:00Z", "RECOGNITION|XKX|2026-03-01T11:00:00Z");
    CategoryCount sanctions = hour11.stream().filter(kv -> kv.key.startsWith("SANCTIONS")).findFirst().orElseThrow().value;
    assertThat(sanctions.getCount()).as("the late 10:10 item was not counted anywhere").isEqualTo(1L);
    assertThat(sanctions.getHourStart()).isEqualTo(HOUR_10.plusSeconds(3600));
    assertThat(sanctions.getActor()).isEqualTo("PRK");
  }

  @Test
  void mirrorsEscalationsAsJsonLinesWhenEnabled() {
    var escalations = driver.createInputTopic(topics.escalations.name(), topics.escalations.keySerde().serializer(),
        topics.escalations.valueSerde().serializer());
    var json = driver.createOutputTopic(topics.escalationsJson.name(), topics.escalationsJson.keySerde().deserializer(),
        topics.escalationsJson.valueSerde().deserializer());
    escalations.pipeInput("PRK|RUS", TestEscalations.escalation("PRK|RUS", "FIRING", "WARNING", 2));
    var line = json.readKeyValue();
    assertThat(line.key).isEqualTo("PRK|RUS");
    assertThat(line.value).startsWith("{\"key\":\"PRK|RUS\",\"status\":\"FIRING\",\"level\":\"WARNING\"")
        .contains("\"version\":2").doesNotContain("\n");
  }

  @Test
  void describeMatchesTheSnapshot() throws IOException {
    String actual = AnalyticsTopology.build(topics, DeliveryConfig.defaults()).describe().toString();
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/analytics-topology.txt")) {
      assertThat(in).as("src/test/resources/analytics-topology.txt").isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual.strip()).isEqualTo(expected.strip());
  }

  @Test
  void withoutTheMirrorOnlyTheCountsRemain() {
    var config = DeliveryConfig.defaults().withAnalytics(new DeliveryConfig.Analytics(false, null));
    String description = AnalyticsTopology.build(topics, config).describe().toString();
    assertThat(description).doesNotContain(topics.escalationsJson.name()).contains(topics.analyticsCounts.name());
  }
}
