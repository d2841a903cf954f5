package io.dipwatch.classify.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dipwatch.classify.ClassifyConfig;
import io.dipwatch.classify.ClassifyTopology;
import io.dipwatch.classify.RulesPublisher;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.model.Categories;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.testkit.Fixtures;
import io.dipwatch.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The classify stage on a real broker with the production Streams settings (exactly-once, DLQ handlers). */
class ClassifyPipelineIT {
  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  static final Duration WAIT = Duration.ofSeconds(90);
  static final Instant T0 = Instant.parse("2022-09-05T08:00:00Z");
  final Topics topics = new Topics();

  @Test
  void itemsFlowWithStoriesDeadLettersAndLiveRules() throws Exception {
    kafka.createTopics(topics, Categories.DEFAULTS);
    KafkaSettings settings = kafka.kafkaSettings();
    try (KafkaStreams streams = new KafkaStreams(ClassifyTopology.build(topics, ClassifyConfig.defaults()),
        StreamsProps.forStage(settings, topics, "classify"))) {
      streams.start();

      kafka.produce(topics.newsRaw, "seed-1", Fixtures.seedItem("seed-1", "one.example", T0), T0);
      String copyBody = Fixtures.seedArticle().replace("Furthermore, ", "");
      kafka.produce(topics.newsRaw, "seed-2", Fixtures.item("seed-2", "Pyongyang may send builders to Donbas",
          copyBody, "two.example", T0.plusSeconds(600)), T0.plusSeconds(600));
      kafka.produceRaw(topics.newsRaw.name(), "broken".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9},
          T0.plusSeconds(700));
      kafka.produce(topics.newsRaw, "eu-1", Fixtures.item("eu-1", "EU adopts new sanctions on Belarus", "",
          "three.example", T0.plusSeconds(800)), T0.plusSeconds(800));

      List<ConsumerRecord<String, ClassifiedEvent>> out = kafka.consume(topics.classified, 3, WAIT);
      assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("seed-1", "seed-1", "eu-1");
      ClassifiedEvent seed = out.stream().filter(r -> r.value().getId().equals("seed-1")).findFirst().orElseThrow()
          .value();
      assertThat(seed.getCategories()).extracting(CategoryScore::getName).containsExactlyInAnyOrder(
          "SANCTIONS", "RECOGNITION", "LABOUR_MIGRATION", "WEAPONS_DEVELOPMENT");
      assertThat(seed.getActors()).contains("PRK", "RUS");
      assertThat(kafka.consume(topics.category("SANCTIONS"), 3, WAIT)).hasSize(3);

      var dead = kafka.consumeRaw(topics.dlq.name(), 1, WAIT);
      assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("broken");
      assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.HEADER_STAGE)).isEqualTo("classify");

      Path taxonomy = kafka.tempDir().resolve("cyber.yaml");
      Files.writeString(taxonomy, """
          version: live-it-1
          categories:
            CYBER:
              threshold: 1.0
              terms:
                - weight: 1.0
                  phrases: [cyberattack, ransomware]
          """);
      RulesPublisher.publish(kafka.producerProps(), topics, RulesPublisher.Kind.TAXONOMY, taxonomy, null);
      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
        String id = "cyber-" + System.nanoTime();
        kafka.produce(topics.newsRaw, id, Fixtures.item(id, "Ransomware cyberattack hits ministry", "",
            "four.example", T0.plusSeconds(900)), T0.plusSeconds(900));
        assertThat(kafka.consume(topics.category("CYBER"), 1, Duration.ofSeconds(10)))
            .anySatisfy(r -> assertThat(r.value().getRulesVersion()).contains("taxonomy:live-it-1"));
      });
    }
  }
}
