package io.dipwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest's meters, tagged by source (a feed name, {@code gdelt-events}, {@code jsonl}, {@code http}):
 * items fetched (parsed), published, skipped as duplicates and rejected; fetch latency; and the time of the
 * last successful fetch per feed, so a feed that silently stopped shows up on a dashboard.
 */
public final class IngestMetrics {
  public static final String FETCHED = "dipwatch.ingest.items.fetched";
  public static final String PUBLISHED = "dipwatch.ingest.items.published";
  public static final String DUPLICATES = "dipwatch.ingest.items.duplicates";
  public static final String REJECTED = "dipwatch.ingest.items.rejected";
  public static final String FETCH_LATENCY = "dipwatch.ingest.fetch.latency";
  public static final String FETCH_FAILURES = "dipwatch.ingest.fetch.failures";
  public static final String LAST_SUCCESS = "dipwatch.ingest.fetch.last.success";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public IngestMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Metrics into a private registry, for offline tools and tests that do not look at them. */
  public static IngestMetrics unregistered() {
    return new IngestMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void fetched(String source) {
    counter(FETCHED, source).increment();
  }

  public void published(String source) {
    counter(PUBLISHED, source).increment();
  }

  public void duplicate(String source) {
    counter(DUPLICATES, source).increment();
  }

  public void rejected(String source, String errorClass) {
    Counter.builder(REJECTED).tag("source", source).tag("error", errorClass).register(registry).increment();
  }

  public void fetchFailed(String feed) {
    counter(FETCH_FAILURES, feed).increment();
  }

  public void fetchLatency(String feed, Duration latency) {
    Timer.builder(FETCH_LATENCY).tag("feed", feed).register(registry).record(latency);
  }

  /** Records a successful fetch of the feed now; the gauge reads epoch seconds. */
  public void fetchSucceeded(String feed) {
    lastSuccess.computeIfAbsent(feed, f -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder(LAST_SUCCESS, holder, AtomicLong::get).tag("feed", f).baseUnit("seconds")
          .description("epoch seconds of the last successful fetch").register(registry);
      return holder;
    }).set(clock.instant().getEpochSecond());
  }

  private Counter counter(String name, String source) {
    return Counter.builder(name).tag("source", source).register(registry);
  }
}
