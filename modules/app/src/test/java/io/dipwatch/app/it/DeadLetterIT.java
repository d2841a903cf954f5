package io.dipwatch.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.app.pipeline.Pipeline;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.testkit.Fixtures;
import io.dipwatch.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A corrupt record on the raw topic is parked with its reason, and the good record after it still flows. */
class DeadLetterIT {
  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void corruptRecordGoesToTheDeadLetterTopicAndTheNextOneIsClassified() throws Exception {
    DipwatchConfig config = DipwatchConfig.defaults().withKafka(KAFKA.kafkaSettings()
        .withBootstrapServers(KAFKA.bootstrapServers()));
    try (Pipeline pipeline = Pipeline.start(config, new SimpleMeterRegistry(), Pipeline.Options.replay(false))) {
      Topics topics = pipeline.topics();
      Instant at = Instant.parse("2022-09-01T10:00:00Z");
      KAFKA.produceRaw(topics.newsRaw.name(), "bad".getBytes(StandardCharsets.UTF_8),
          "{\"this is\": \"not avro\"}".getBytes(StandardCharsets.UTF_8), at);
      KAFKA.produce(topics.newsRaw, "good", Fixtures.seedItem("good", "example.org", at), at);

      var parked = KAFKA.consumeRaw(topics.dlq.name(), 1, Duration.ofSeconds(60));
      assertThat(new String(parked.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("bad");
      assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8)).contains("not avro");
      var headers = parked.get(0).headers();
      assertThat(DeadLetters.header(headers, DeadLetters.HEADER_STAGE)).isEqualTo("classify");
      assertThat(DeadLetters.header(headers, DeadLetters.HEADER_MESSAGE)).contains("not a NewsItem");
      assertThat(DeadLetters.header(headers, DeadLetters.HEADER_TOPIC)).isEqualTo(topics.newsRaw.name());
      assertThat(DeadLetters.header(headers, DeadLetters.HEADER_OFFSET)).isNotBlank();

      var classified = KAFKA.consume(topics.classified, 1, Duration.ofSeconds(60));
      ClassifiedEvent event = classified.get(0).value();
      assertThat(event.getId()).isEqualTo("good");
      assertThat(event.getActors()).contains("PRK", "RUS");
    }
  }
}
