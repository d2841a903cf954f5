package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.ingest.IngestConfig;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on a real embedded broker: no duplicates across restarts and instances, rejects on the DLQ. */
class IngestIT {
  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger TOPIC_SET = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Topics freshTopics() {
    Topics topics = new Topics("it" + TOPIC_SET.incrementAndGet() + ".", 3);
    kafka.createTopics(topics, List.of());
    return topics;
  }

  private static NewsPublisher connect(Topics topics, IngestConfig config) {
    return NewsPublisher.connect(kafka.bootstrapServers(), topics, config, IngestMetrics.unregistered());
  }

  @Test
  void restartRepollsFeedsWithoutDuplicatesAndResumesConditionalGets() throws Exception {
    Topics topics = freshTopics();
    try (LocalHttpServer server = new LocalHttpServer()) {
      byte[] rss = Fixtures.bytes("rss2-world.xml");
      byte[] atom = Fixtures.bytes("atom-world.xml");
      server.route("/plain.xml", ex -> LocalHttpServer.send(ex, 200, rss))
          .route("/etag.xml", ex -> {
            if ("\"a1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
              LocalHttpServer.send(ex, 304, new byte[0]);
            } else {
              LocalHttpServer.send(ex, 200, atom, "ETag", "\"a1\"");
            }
          });
      IngestConfig.Feed plain = new IngestConfig.Feed(server.url("/plain.xml"), "Plain", null);
      IngestConfig.Feed tagged = new IngestConfig.Feed(server.url("/etag.xml"), "Tagged", null);
      IngestConfig config = IngestConfig.defaults().withFeeds(List.of(plain, tagged));

      try (NewsPublisher first = connect(topics, config);
           FeedPoller poller = new FeedPoller(config, first, HttpFetcher.client(config.fetch()))) {
        assertThat(poller.poll(plain).published()).isEqualTo(3);
        assertThat(poller.poll(tagged).published()).isEqualTo(2);
        first.flush();
      }
      try (NewsPublisher restarted = connect(topics, config);
           FeedPoller poller = new FeedPoller(config, restarted, HttpFetcher.client(config.fetch()))) {
        PollResult again = poller.poll(plain);
        assertThat(again.fetched()).isEqualTo(3);
        assertThat(again.published()).isZero();
        assertThat(poller.poll(tagged).status()).as("ETag remembered in Kafka").isEqualTo(304);
        restarted.flush();
      }
      assertThat(server.requests).filteredOn(r -> r.path().equals("/etag.xml")).last()
          .satisfies(r -> assertThat(r.headers().getFirst("If-None-Match")).isEqualTo("\"a1\""));
    }
    List<ConsumerRecord<String, NewsItem>> raw = kafka.consume(topics.newsRaw, 5, WAIT);
    assertThat(raw).hasSize(5);
    assertThat(raw).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
    assertThat(raw).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getId()));
  }

  @Test
  void aSecondInstanceSeesWhatTheFirstPublished() {
    Topics topics = freshTopics();
    IngestConfig config = IngestConfig.defaults();
    NewsItem item = io.dipwatch.testkit.Fixtures.item("shared-1", "EU sanctions", "body", "example.com",
        Fixtures.NOW);
    try (NewsPublisher a = connect(topics, config); NewsPublisher b = connect(topics, config)) {
      assertThat(a.publish(item, "http")).isEqualTo(NewsPublisher.Outcome.PUBLISHED);
      a.flush();
      await().atMost(WAIT).until(() -> b.seenIds().contains("shared-1"));
      assertThat(b.publish(item, "http")).isEqualTo(NewsPublisher.Outcome.DUPLICATE);
      b.flush();
    }
    assertThat(kafka.consume(topics.newsRaw, 1, WAIT)).hasSize(1);
  }

  @Test
  void rejectsLandOnTheDeadLetterTopicWithReasonHeaders(@TempDir Path dir) throws Exception {
    Topics topics = freshTopics();
    Path file = dir.resolve("items.jsonl");
    Files.write(file, Fixtures.bytes("items-mixed.jsonl"));
    try (NewsPublisher publisher = connect(topics, IngestConfig.defaults());
         JsonLinesSource source = new JsonLinesSource(Formats.parser("jsonl"), publisher, "jsonl")) {
      var result = source.readFile(file, Progress.silent());
      assertThat(result.published()).isEqualTo(3);
      assertThat(result.rejected()).isEqualTo(6);
      publisher.flush();
    }
    var dead = kafka.consumeRaw(topics.dlq.name(), 6, WAIT);
    assertThat(dead).hasSize(6);
    assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_EXCEPTION))
        .containsExactly(Reject.MALFORMED_JSON, Reject.EMPTY_ITEM, Reject.BAD_DATE, Reject.INVALID_UTF8,
            Reject.MALFORMED_JSON, Reject.MALFORMED_JSON);
    assertThat(dead).allSatisfy(r -> {
      assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("ingest");
      assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)).isNotBlank();
      assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_ORIGIN)).startsWith(file.toString() + ":");
    });
    assertThat(kafka.consume(topics.newsRaw, 3, WAIT)).hasSize(3);
  }

  @Test
  void serviceRunsFeedsAndWatchedFoldersFromTheConfig(@TempDir Path inbox) throws Exception {
    Topics topics = freshTopics();
    try (LocalHttpServer server = new LocalHttpServer()) {
      byte[] atom = Fixtures.bytes("atom-world.xml");
      server.route("/atom.xml", ex -> LocalHttpServer.send(ex, 200, atom));
      Files.writeString(inbox.resolve("drop.jsonl"), "{\"title\":\"Dropped in the inbox\"}\n");
      Files.setLastModifiedTime(inbox.resolve("drop.jsonl"),
          java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
      IngestConfig config = IngestConfig.defaults()
          .withFeeds(List.of(new IngestConfig.Feed(server.url("/atom.xml"), "Atom", Duration.ofHours(1))))
          .withJsonlPaths(List.of(inbox.toString()));
      var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      try (var service = io.dipwatch.ingest.IngestService.start(kafka.bootstrapServers(), topics, config, registry)) {
        await().atMost(WAIT).until(() -> registry.find(IngestMetrics.PUBLISHED).counters().stream()
            .mapToDouble(c -> c.count()).sum() >= 3);
        service.publisher().flush();
      }
    }
    assertThat(kafka.consume(topics.newsRaw, 3, WAIT)).extracting(r -> r.value().getTitle())
        .containsExactlyInAnyOrder("Dropped in the inbox", "Sanctions & embargo : Paris durcit le ton",
            "Travailleurs nord-coréens en Russie");
  }
}
