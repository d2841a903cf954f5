package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.ingest.IngestConfig;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedPollerTest {
  private final LocalHttpServer server;
  private final TestPublisher t = new TestPublisher();
  private final AtomicReference<byte[]> feedBody = new AtomicReference<>(Fixtures.bytes("rss2-world.xml"));
  private final AtomicReference<String> etag = new AtomicReference<>("\"v1\"");
  private final AtomicInteger failuresLeft = new AtomicInteger();

  FeedPollerTest() throws Exception {
    server = new LocalHttpServer()
        .route("/feed.xml", ex -> {
          if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            LocalHttpServer.send(ex, 500, "oops".getBytes());
          } else if (etag.get().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            LocalHttpServer.send(ex, 304, new byte[0], "ETag", etag.get());
          } else {
            LocalHttpServer.send(ex, 200, feedBody.get(), "ETag", etag.get(),
                "Last-Modified", "Sat, 01 Mar 2025 12:30:00 GMT", "Content-Type", "application/rss+xml");
          }
        })
        .route("/busy.xml", ex -> LocalHttpServer.send(ex, 503, new byte[0], "Retry-After", "3600"))
        .route("/huge.xml", ex -> LocalHttpServer.send(ex, 200, new byte[64 * 1024]));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FeedPoller poller(IngestConfig config) {
    return new FeedPoller(config, t.publisher, HttpFetcher.client(config.fetch()), Fixtures.CLOCK);
  }

  private static IngestConfig config(IngestConfig.Feed... feeds) {
    return IngestConfig.defaults().withFeeds(List.of(feeds)).withFetch(new IngestConfig.Fetch(null,
        Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(10), 32 * 1024));
  }

  @Test
  void conditionalGetAnswered304PublishesNothingTheSecondTime() {
    IngestConfig.Feed feed = new IngestConfig.Feed(server.url("/feed.xml"), "Example", Duration.ofMinutes(5));
    try (FeedPoller poller = poller(config(feed))) {
      PollResult first = poller.poll(feed);
      PollResult second = poller.poll(feed);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.published()).isEqualTo(3);
      assertThat(first.rejected()).isEqualTo(1);
      assertThat(first.nextDelay()).isEqualTo(Duration.ofMinutes(5));
      assertThat(second.status()).isEqualTo(304);
      assertThat(second.published()).isZero();
      assertThat(t.items()).extracting(NewsItem::getSource).containsOnly("Example");
      assertThat(t.items()).hasSize(3);
      var secondRequest = server.requests.get(1).headers();
      assertThat(secondRequest.getFirst("If-None-Match")).isEqualTo("\"v1\"");
      assertThat(secondRequest.getFirst("If-Modified-Since")).isEqualTo("Sat, 01 Mar 2025 12:30:00 GMT");
      assertThat(secondRequest.getFirst("User-Agent")).isEqualTo(IngestConfig.DEFAULT_USER_AGENT);
      assertThat(t.registry.find(IngestMetrics.LAST_SUCCESS).tag("feed", "Example").gauge().value())
          .isEqualTo(Fixtures.NOW.getEpochSecond());
      assertThat(t.registry.find(IngestMetrics.FETCH_LATENCY).tag("feed", "Example").timer().count()).isEqualTo(2);
    }
  }

  @Test
  void changedFeedPublishesOnlyTheNewEntries() {
    IngestConfig.Feed feed = new IngestConfig.Feed(server.url("/feed.xml"), null, null);
    try (FeedPoller poller = poller(config(feed))) {
      assertThat(poller.poll(feed).published()).isEqualTo(3);
      etag.set("\"v2\"");
      feedBody.set(new String(Fixtures.bytes("rss2-world.xml")).replaceFirst("<item>",
          "<item><title>Fresh: new export controls</title><link>https://news.example.org/world/fresh</link></item><item>")
          .getBytes());
      PollResult again = poller.poll(feed);
      assertThat(again.fetched()).isEqualTo(4);
      assertThat(again.published()).isEqualTo(1);
      assertThat(again.nextDelay()).isEqualTo(Duration.ofMinutes(10));
      assertThat(t.items()).extracting(NewsItem::getTitle).contains("Fresh: new export controls").hasSize(4);
    }
  }

  @Test
  void serverErrorsBackOffExponentiallyAndRecovery() {
    IngestConfig.Feed feed = new IngestConfig.Feed(server.url("/feed.xml"), "Example", Duration.ofMinutes(5));
    failuresLeft.set(3);
    try (FeedPoller poller = poller(config(feed))) {
      PollResult r1 = poller.poll(feed);
      PollResult r2 = poller.poll(feed);
      PollResult r3 = poller.poll(feed);
      PollResult ok = poller.poll(feed);
      assertThat(r1.failed()).isTrue();
      assertThat(r1.status()).isEqualTo(500);
      assertThat(List.of(r1.nextDelay(), r2.nextDelay(), r3.nextDelay()))
          .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
      assertThat(ok.failed()).isFalse();
      assertThat(ok.published()).isEqualTo(3);
      assertThat(ok.nextDelay()).isEqualTo(Duration.ofMinutes(5));
      assertThat(t.registry.find(IngestMetrics.FETCH_FAILURES).tag("source", "Example").counter().count())
          .isEqualTo(3);
    }
  }

  @Test
  void retryAfterLongerThanTheBackoffIsHonouredAndUnreachableFeedsBackOff() {
    IngestConfig.Feed busy = new IngestConfig.Feed(server.url("/busy.xml"), "Busy", null);
    IngestConfig.Feed closed = new IngestConfig.Feed("http://127.0.0.1:1/feed.xml", "Closed", null);
    try (FeedPoller poller = poller(config(busy, closed))) {
      assertThat(poller.poll(busy).nextDelay()).isEqualTo(Duration.ofHours(1));
      PollResult unreachable = poller.poll(closed);
      assertThat(unreachable.status()).isEqualTo(-1);
      assertThat(unreachable.error()).contains("ConnectException");
      assertThat(unreachable.nextDelay()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void oversizedFeedIsRejectedToTheDeadLetterTopic() {
    IngestConfig.Feed huge = new IngestConfig.Feed(server.url("/huge.xml"), "Huge", null);
    try (FeedPoller poller = poller(config(huge))) {
      PollResult r = poller.poll(huge);
      assertThat(r.rejected()).isEqualTo(1);
      assertThat(t.deadLetters()).singleElement().satisfies(d -> {
        assertThat(TestPublisher.header(d, DeadLetters.HEADER_EXCEPTION)).isEqualTo(Reject.OVERSIZE);
        assertThat(TestPublisher.header(d, DeadLetters.HEADER_ORIGIN)).isEqualTo(huge.url());
      });
    }
  }
}
