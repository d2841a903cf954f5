package io.dipwatch.ingest.source;

import io.dipwatch.ingest.IngestConfig;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.FeedParser;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.ingest.state.FeedStateStore.FeedPosition;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the configured RSS/Atom feeds, each on its own schedule, with conditional GETs (the ETag and
 * Last-Modified of the last answer, kept in Kafka by {@link io.dipwatch.ingest.state.FeedStateStore}). A failing
 * feed (network error, timeout, 4xx/5xx) backs off exponentially (resilience4j {@link IntervalFunction}, starting at
 * {@code fetch.backoffInitial}, doubling, capped at {@code fetch.backoffMax}, never shorter than a server's
 * Retry-After) and never affects the other feeds. Items go out through the {@link NewsPublisher}, which drops
 * those already published.
 */
public final class FeedPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

  private final IngestConfig config;
  private final NewsPublisher publisher;
  private final HttpFetcher fetcher;
  private final IntervalFunction backoff;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  public FeedPoller(IngestConfig config, NewsPublisher publisher, HttpClient client) {
    this(config, publisher, client, Clock.systemUTC());
  }

  public FeedPoller(IngestConfig config, NewsPublisher publisher, HttpClient client, Clock clock) {
    this.config = config;
    this.publisher = publisher;
    this.fetcher = new HttpFetcher(client, config.fetch());
    this.backoff = IntervalFunction.ofExponentialBackoff(config.fetch().backoffInitial(), 2.0,
        config.fetch().backoffMax());
    this.clock = clock;
    this.scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "dipwatch-feed-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts polling every configured feed now and then on its schedule. */
  public void start() {
    for (IngestConfig.Feed feed : config.feeds()) {
      scheduler.schedule(() -> pollAndReschedule(feed), 0, TimeUnit.MILLISECONDS);
    }
    LOG.info("polling {} feeds", config.feeds().size());
  }

  private void pollAndReschedule(IngestConfig.Feed feed) {
    PollResult result;
    try {
      result = poll(feed);
    } catch (RuntimeException e) {
      LOG.error("feed {} poll crashed: {}", feed.url(), e.toString());
      result = new PollResult(-1, 0, 0, 0, e.toString(), failed(feed, null));
    }
    if (!scheduler.isShutdown()) {
      scheduler.schedule(() -> pollAndReschedule(feed), result.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One conditional GET of the feed; publishes new items, parks rejects, remembers the feed's position. */
  public PollResult poll(IngestConfig.Feed feed) {
    String tag = sourceTag(feed);
    FeedPosition position = publisher.feedState().get(feed.url()).orElse(null);
    long started = System.nanoTime();
    HttpFetcher.Response response;
    try {
      response = fetcher.get(feed.url(), position == null ? null : position.etag(),
          position == null ? null : position.lastModified(), config.fetch().maxBodyBytes());
    } catch (IOException | IllegalArgumentException e) {
      publisher.metrics().fetchFailed(tag);
      LOG.warn("feed {} unreachable: {}", feed.url(), e.toString());
      return new PollResult(-1, 0, 0, 0, e.toString(), failed(feed, null));
    } finally {
      publisher.metrics().fetchLatency(tag, Duration.ofNanos(System.nanoTime() - started));
    }
    if (response.notModified()) {
      return succeeded(feed, tag, response, position, 304, 0, 0, 0);
    }
    if (!response.ok()) {
      publisher.metrics().fetchFailed(tag);
      LOG.warn("feed {} answered HTTP {}", feed.url(), response.status());
      return new PollResult(response.status(), 0, 0, 0, "HTTP " + response.status(),
          failed(feed, response.retryAfter().orElse(null)));
    }
    CountingSink sink = new CountingSink(publisher, tag);
    if (response.tooLarge()) {
      sink.reject(new Reject(feed.url(), response.body(), Reject.OVERSIZE,
          "feed body exceeds the limit of " + config.fetch().maxBodyBytes() + " bytes"));
    } else {
      new FeedParser(config.parseOptions().withSourceName(feed.name()).withClock(clock))
          .parse(response.body(), feed.url(), sink);
    }
    return succeeded(feed, tag, response, position, response.status(), sink.fetched, sink.published, sink.rejected);
  }

  private PollResult succeeded(IngestConfig.Feed feed, String tag, HttpFetcher.Response response,
      FeedPosition previous, int status, long fetched, long published, long rejected) {
    failures.remove(feed.url());
    publisher.metrics().fetchSucceeded(tag);
    String etag = response.etag().orElse(previous == null ? null : previous.etag());
    String lastModified = response.lastModified().orElse(previous == null ? null : previous.lastModified());
    publisher.feedState().put(feed.url(), new FeedPosition(etag, lastModified, null, clock.millis()));
    return new PollResult(status, (int) fetched, (int) published, (int) rejected, null, interval(feed));
  }

  private Duration failed(IngestConfig.Feed feed, Duration retryAfter) {
    int attempt = failures.merge(feed.url(), 1, Integer::sum);
    Duration delay = Duration.ofMillis(backoff.apply(attempt));
    return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
  }

  private Duration interval(IngestConfig.Feed feed) {
    return feed.interval() != null ? feed.interval() : config.fetch().defaultInterval();
  }

  /** The metrics tag of a feed: its configured name, else its host. */
  static String sourceTag(IngestConfig.Feed feed) {
    if (feed.name() != null && !feed.name().isBlank()) {
      return feed.name();
    }
    try {
      String host = URI.create(feed.url()).getHost();
      return host == null ? feed.url() : host;
    } catch (IllegalArgumentException e) {
      return feed.url();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
