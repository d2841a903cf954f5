package io.dipwatch.classify.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.classify.ClassifyConfig;
import io.dipwatch.classify.ClassifyTopology;
import io.dipwatch.classify.RulesPublisher;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.schema.RuleEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  final Topics topics = new Topics();
  TopologyTestDriver driver;
  TestInputTopic<String, NewsItem> news;
  TestInputTopic<String, RuleEntry> rules;
  TestOutputTopic<String, ClassifiedEvent> classified;

  @TempDir
  Path stateDir;

  @BeforeEach
  void setUp() {
    Properties props = StreamsProps.forStage(KafkaSettings.defaults().withBootstrapServers("dummy:9092")
        .withStateDir(stateDir.toString()), topics, "classify");
    start(props);
  }

  void start(Properties props) {
    start(props, ClassifyConfig.defaults());
  }

  void start(Properties props, ClassifyConfig config) {
    if (driver != null) {
      driver.close();
    }
    driver = new TopologyTestDriver(ClassifyTopology.build(topics, config), props);
    news = driver.createInputTopic(topics.newsRaw.name(), topics.newsRaw.keySerde().serializer(),
        topics.newsRaw.valueSerde().serializer());
    rules = driver.createInputTopic(topics.rules.name(), topics.rules.keySerde().serializer(),
        topics.rules.valueSerde().serializer());
    classified = output(topics.classified.name());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  TestOutputTopic<String, ClassifiedEvent> output(String topic) {
    return driver.createOutputTopic(topic, topics.classified.keySerde().deserializer(),
        topics.classified.valueSerde().deserializer());
  }

  static NewsItem item(String id, String title, String body, Instant at, String source) {
    return NewsItem.newBuilder().setId(id).setTitle(title).setBody(body).setSource(source).setPublishedAt(at)
        .setFetchedAt(at).build();
  }

  static String seed() throws IOException {
    try (InputStream in = ClassifyTopologyTest.class.getResourceAsStream("/seed-article-donbas-labour.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<String> names(ClassifiedEvent e) {
    return e.getCategories().stream().map(CategoryScore::getName).toList();
  }

  @Test
  void seedArticleReachesTheClassifiedTopicAndEveryCategoryTopic() throws IOException {
    news.pipeInput("seed-1", item("seed-1", "", seed(), T0, "example.org"), T0);

    List<KeyValue<String, ClassifiedEvent>> out = classified.readKeyValuesToList();
    assertThat(out).hasSize(1);
    ClassifiedEvent event = out.get(0).value;
    assertThat(out.get(0).key).isEqualTo("seed-1").isEqualTo(event.getStoryId());
    assertThat(names(event)).containsExactlyInAnyOrder("SANCTIONS", "RECOGNITION", "LABOUR_MIGRATION",
        "WEAPONS_DEVELOPMENT");
    assertThat(event.getActors()).contains("PRK", "RUS");
    for (String category : List.of("SANCTIONS", "RECOGNITION", "LABOUR_MIGRATION", "WEAPONS_DEVELOPMENT")) {
      List<TestRecord<String, ClassifiedEvent>> records = output(topics.category(category).name()).readRecordsToList();
      assertThat(records).as(category).hasSize(1);
      assertThat(records.get(0).key()).isEqualTo("seed-1");
      assertThat(new String(records.get(0).headers().lastHeader(CategoryFanout.HEADER_CATEGORY).value(),
          StandardCharsets.UTF_8)).isEqualTo(category);
    }
  }

  @Test
  void syndicatedCopyGetsTheFirstItemsStoryIdAndAnotherStoryDoesNot() throws IOException {
    String body = seed();
    news.pipeInput("a", item("a", "North Korea eyes Donbas labour deal", body, T0, "one.example"), T0);
    String edited = body.replace("Furthermore, ", "").replace("According to reports, ", "Reports say ");
    news.pipeInput("b", item("b", "Pyongyang could send builders to occupied Ukraine", edited,
        T0.plusSeconds(3600), "two.example"), T0.plusSeconds(3600));
    news.pipeInput("c", item("c", "Japan imposes new sanctions on Russian banks",
        "Tokyo on Friday froze the assets of three Russian banks and banned exports of dual-use goods, the foreign"
            + " ministry said, joining new Group of Seven measures over the war in Ukraine.",
        T0.plusSeconds(7200), "three.example"), T0.plusSeconds(7200));

    List<KeyValue<String, ClassifiedEvent>> out = classified.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("a", "a", "c");
    assertThat(out).extracting(kv -> kv.value.getId()).containsExactly("a", "b", "c");
  }

  @Test
  void uncategorisedItemsAreNotWritten() {
    news.pipeInput("n", item("n", "Central bank holds rates", "Inflation eased in October.", T0, "x"), T0);
    assertThat(classified.isEmpty()).isTrue();
  }

  @Test
  void uncategorisedItemsAreWrittenWhenConfigured() {
    Properties props = StreamsProps.forStage(KafkaSettings.defaults().withBootstrapServers("dummy:9092")
        .withStateDir(stateDir.resolve("all").toString()), topics, "classify");
    start(props, ClassifyConfig.defaults().withEmitUncategorised(true));
    news.pipeInput("n", item("n", "Central bank holds rates", "Inflation eased in October.", T0, "x"), T0);
    ClassifiedEvent event = classified.readValue();
    assertThat(event.getId()).isEqualTo("n");
    assertThat(event.getCategories()).isEmpty();
  }

  @Test
  void rulesPublishedToTheRulesTopicApplyWithoutRestart() {
    NewsItem item = item("r1", "Ransomware cyberattack cripples ministry networks", "", T0, "x");
    news.pipeInput("r1", item, T0);
    assertThat(classified.isEmpty()).isTrue();

    RuleEntry entry = RulesPublisher.entry(RulesPublisher.Kind.TAXONOMY, """
        version: live-7
        categories:
          CYBER:
            threshold: 1.0
            terms:
              - weight: 1.0
                phrases: [cyberattack, ransomware]
        """, null);
    rules.pipeInput(entry.getId(), entry, T0.plusSeconds(1));
    news.pipeInput("r2", item("r2", item.getTitle(), "", T0.plusSeconds(2), "x"), T0.plusSeconds(2));

    ClassifiedEvent event = classified.readValue();
    assertThat(names(event)).containsExactly("CYBER");
    assertThat(event.getRulesVersion()).contains("taxonomy:live-7");
    assertThat(output(topics.category("CYBER").name()).readValue().getId()).isEqualTo("r2");
  }

  @Test
  void brokenRulesKeepThePreviousRulesInForce() {
    RuleEntry broken = RuleEntry.newBuilder().setId("taxonomy").setKind("taxonomy").setVersion("bad-1")
        .setContent("categories: [not, a, map").setPublishedAt(T0).build();
    rules.pipeInput(broken.getId(), broken, T0);
    news.pipeInput("s", item("s", "EU imposes sanctions on Belarus", "", T0.plusSeconds(1), "x"), T0.plusSeconds(1));
    ClassifiedEvent event = classified.readValue();
    assertThat(names(event)).containsExactly("SANCTIONS");
    assertThat(event.getRulesVersion()).doesNotContain("bad-1");
  }

  /**
   * TopologyTestDriver drops dead letters produced by the deserialization handler under exactly-once (its mock
   * transactional producer), so this test runs at-least-once; ClassifyPipelineIT checks the same on a real broker
   * with the production settings.
   */
  @Test
  void corruptRecordGoesToTheDeadLetterTopicAndTheNextRecordFlows() {
    Properties props = StreamsProps.forStage(KafkaSettings.defaults().withBootstrapServers("dummy:9092")
        .withStateDir(stateDir.resolve("alos").toString()), topics, "classify");
    props.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE);
    start(props);
    TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(topics.newsRaw.name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    raw.pipeInput("bad".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, 4, 5}, T0);
    news.pipeInput("good", item("good", "EU imposes sanctions on Belarus", "", T0.plusSeconds(1), "x"),
        T0.plusSeconds(1));

    var dlq = driver.createOutputTopic(topics.dlq.name(), topics.dlq.keySerde().deserializer(),
        topics.dlq.valueSerde().deserializer());
    TestRecord<byte[], byte[]> dead = dlq.readRecord();
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
    assertThat(dead.value()).containsExactly(1, 2, 3, 4, 5);
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("classify");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.HEADER_TOPIC)).isEqualTo(topics.newsRaw.name());
    assertThat(classified.readValue().getId()).isEqualTo("good");
  }

  @Test
  void topologyDescriptionMatchesTheSnapshot() throws IOException {
    String actual = ClassifyTopology.build(topics, ClassifyConfig.defaults()).describe().toString().strip();
    try (InputStream in = getClass().getResourceAsStream("/classify-topology.txt")) {
      assertThat(in).as("snapshot src/test/resources/classify-topology.txt").isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(actual).isEqualTo(expected);
    }
  }
}
