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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ingest on a real embedded broker: no duplicates across restarts and instances, rejects (files, HTTP) on the DLQ. */
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
  void httpRejectsAreParkedWithTheirReasonWhileAcceptedItemsArePublished() throws Exception {
    Topics topics = freshTopics();
    long limit = 64 * 1024;
    HttpClient client = HttpClient.newHttpClient();
    try (NewsPublisher publisher = connect(topics, IngestConfig.defaults());
         LocalHttpServer server = new LocalHttpServer()) {
      server.route("/api/items", new ItemsHttpHandler(publisher, Optional.empty(), false, limit, Fixtures.options()));
      URI items = URI.create(server.url("/api/items"));
      String body = "{\"title\":\"Seoul and Havana open embassies\",\"url\":\"https://example.org/kr-cu\"}\n"
          + "{\"title\": broken\n"
          + "{\"source\":\"example.org\"}\n"
          + "{\"title\":\"EU extends sanctions on Russia\",\"url\":\"https://example.org/eu-ru\"}\n";
      HttpResponse<String> mixed = client.send(HttpRequest.newBuilder(items)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(mixed.statusCode()).isEqualTo(202);
      HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(items)
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) limit + 1])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      publisher.flush();
    }
    var dead = kafka.consumeRaw(topics.dlq.name(), 3, WAIT);
    assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.HEADER_ORIGIN) + " "
            + DeadLetters.header(r.headers(), DeadLetters.HEADER_EXCEPTION) + " "
            + (r.value().length > 100 ? r.value().length + " bytes" : new String(r.value(), StandardCharsets.UTF_8)))
        .as("the DLQ has three partitions and null keys, so order is not asserted")
        .containsExactlyInAnyOrder("http#1 " + Reject.MALFORMED_JSON + " {\"title\": broken",
            "http#2 " + Reject.EMPTY_ITEM + " {\"source\":\"example.org\"}",
            "http " + Reject.OVERSIZE + " " + limit + " bytes");
    assertThat(dead).allSatisfy(r -> {
      assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("ingest");
      assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE)).isNotBlank();
    });
    assertThat(dead)
        .filteredOn(r -> Reject.OVERSIZE.equals(DeadLetters.header(r.headers(), DeadLetters.HEADER_EXCEPTION)))
        .singleElement().satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.HEADER_MESSAGE))
            .contains("exceeds the limit of " + limit + " bytes"));
    assertThat(kafka.consume(topics.newsRaw, 2, WAIT)).extracting(r -> r.value().getTitle())
        .containsExactlyInAnyOrder("Seoul and Havana open embassies", "EU extends sanctions on Russia");
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
