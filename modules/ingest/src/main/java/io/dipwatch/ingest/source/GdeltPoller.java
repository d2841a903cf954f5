package io.dipwatch.ingest.source;

import io.dipwatch.ingest.IngestConfig;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.GdeltEventsParser;
import io.dipwatch.ingest.parse.GkgParser;
import io.dipwatch.ingest.parse.ItemParser;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.ingest.state.FeedStateStore.FeedPosition;
import io.github.resilience4j.core.IntervalFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows GDELT 2.0's {@code lastupdate.txt} (three lines {@code <size> <md5> <url>}, renewed every 15 minutes):
 * when it names an events export or GKG file not read before, downloads it (size-capped), checks its MD5,
 * unzips and parses it, and publishes the items. The last file read per kind is kept in
 * {@link io.dipwatch.ingest.state.FeedStateStore} under {@code gdelt:events} / {@code gdelt:gkg}, so a restart
 * does not read it again. Failures back off exponentially like feeds.
 */
public final class GdeltPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GdeltPoller.class);
  static final String EVENTS_KEY = "gdelt:events";
  static final String GKG_KEY = "gdelt:gkg";

  /** One line of lastupdate.txt. */
  record Pointer(long size, String md5, String url) {}

  private final IngestConfig config;
  private final NewsPublisher publisher;
  private final HttpFetcher fetcher;
  private final IntervalFunction backoff;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private int failures;

  public GdeltPoller(IngestConfig config, NewsPublisher publisher, HttpClient client) {
    this(config, publisher, client, Clock.systemUTC());
  }

  public GdeltPoller(IngestConfig config, NewsPublisher publisher, HttpClient client, Clock clock) {
    this.config = config;
    this.publisher = publisher;
    this.fetcher = new HttpFetcher(client, config.fetch());
    this.backoff = IntervalFunction.ofExponentialBackoff(config.fetch().backoffInitial(), 2.0,
        config.fetch().backoffMax());
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dipwatch-gdelt-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts polling if GDELT is enabled in the config; otherwise does nothing. */
  public void start() {
    if (!config.gdelt().enabled()) {
      LOG.info("GDELT polling disabled");
      return;
    }
    scheduler.schedule(this::pollAndReschedule, 0, TimeUnit.MILLISECONDS);
  }

  private void pollAndReschedule() {
    PollResult result;
    try {
      result = pollOnce();
    } catch (RuntimeException e) {
      LOG.error("GDELT poll crashed: {}", e.toString());
      result = new PollResult(-1, 0, 0, 0, e.toString(), Duration.ofMillis(backoff.apply(++failures)));
    }
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::pollAndReschedule, result.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Reads the pointer file and any new files it names. */
  public PollResult pollOnce() {
    IngestConfig.Gdelt gdelt = config.gdelt();
    long started = System.nanoTime();
    HttpFetcher.Response pointer;
    try {
      pointer = fetcher.get(gdelt.lastUpdateUrl(), null, null, 64 * 1024);
    } catch (IOException | IllegalArgumentException e) {
      return failure(-1, "lastupdate.txt unreachable: " + e);
    } finally {
      publisher.metrics().fetchLatency("gdelt", Duration.ofNanos(System.nanoTime() - started));
    }
    if (!pointer.ok()) {
      return failure(pointer.status(), "lastupdate.txt answered HTTP " + pointer.status());
    }
    List<Pointer> pointers = parsePointers(new String(pointer.body(), StandardCharsets.UTF_8));
    int fetched = 0;
    int published = 0;
    int rejected = 0;
    List<String> errors = new ArrayList<>();
    if (gdelt.events()) {
      Optional<Pointer> p = pointers.stream().filter(x -> lower(x.url()).endsWith(".export.csv.zip")).findFirst();
      if (p.isPresent()) {
        PollResult r = readFile(p.get(), EVENTS_KEY, new GdeltEventsParser(config.parseOptions().withClock(clock)),
            GdeltEventsParser.FORMAT);
        fetched += r.fetched();
        published += r.published();
        rejected += r.rejected();
        if (r.failed()) {
          errors.add(r.error());
        }
      }
    }
    if (gdelt.gkg()) {
      Optional<Pointer> p = pointers.stream().filter(x -> lower(x.url()).endsWith(".gkg.csv.zip")).findFirst();
      if (p.isPresent()) {
        PollResult r = readFile(p.get(), GKG_KEY, new GkgParser(config.parseOptions().withClock(clock)),
            GkgParser.FORMAT);
        fetched += r.fetched();
        published += r.published();
        rejected += r.rejected();
        if (r.failed()) {
          errors.add(r.error());
        }
      }
    }
    if (!errors.isEmpty()) {
      return failure(200, String.join("; ", errors));
    }
    failures = 0;
    publisher.metrics().fetchSucceeded("gdelt");
    return new PollResult(200, fetched, published, rejected, null, gdelt.interval());
  }

  private PollResult readFile(Pointer pointer, String stateKey, ItemParser parser, String tag) {
    Optional<FeedPosition> last = publisher.feedState().get(stateKey);
    if (last.isPresent() && pointer.url().equals(last.get().lastFile())) {
      return new PollResult(304, 0, 0, 0, null, config.gdelt().interval());
    }
    long started = System.nanoTime();
    HttpFetcher.Response file;
    try {
      file = fetcher.get(pointer.url(), null, null, config.gdelt().maxFileBytes());
    } catch (IOException | IllegalArgumentException e) {
      return new PollResult(-1, 0, 0, 0, pointer.url() + ": " + e, null);
    } finally {
      publisher.metrics().fetchLatency(tag, Duration.ofNanos(System.nanoTime() - started));
    }
    if (!file.ok()) {
      return new PollResult(file.status(), 0, 0, 0, pointer.url() + ": HTTP " + file.status(), null);
    }
    CountingSink sink = new CountingSink(publisher, tag);
    if (file.tooLarge()) {
      sink.reject(new Reject(pointer.url(), new byte[0], Reject.OVERSIZE,
          "GDELT file exceeds the limit of " + config.gdelt().maxFileBytes() + " bytes"));
    } else if (pointer.md5() != null && !pointer.md5().equalsIgnoreCase(md5(file.body()))) {
      return new PollResult(200, 0, 0, 0, pointer.url() + ": MD5 mismatch (truncated or corrupt download)", null);
    } else {
      try {
        parser.parse(new ByteArrayInputStream(file.body()), pointer.url(), sink);
      } catch (IOException e) {
        sink.reject(new Reject(pointer.url(), new byte[0], Reject.BAD_ARCHIVE, "unreadable archive: " + e.getMessage()));
      }
    }
    publisher.feedState().put(stateKey, new FeedPosition(null, null, pointer.url(), clock.millis()));
    publisher.metrics().fetchSucceeded(tag);
    return new PollResult(200, (int) sink.fetched, (int) sink.published, (int) sink.rejected, null, null);
  }

  static List<Pointer> parsePointers(String text) {
    List<Pointer> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 3) {
        try {
          out.add(new Pointer(Long.parseLong(parts[0]), parts[1], parts[2]));
        } catch (NumberFormatException ignored) {
          LOG.warn("ignoring malformed lastupdate.txt line: {}", line);
        }
      }
    }
    return out;
  }

  private PollResult failure(int status, String error) {
    publisher.metrics().fetchFailed("gdelt");
    LOG.warn("GDELT poll failed: {}", error);
    return new PollResult(status, 0, 0, 0, error, Duration.ofMillis(backoff.apply(++failures)));
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
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
