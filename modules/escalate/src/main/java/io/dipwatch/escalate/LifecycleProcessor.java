package io.dipwatch.escalate;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.model.Level;
import io.dipwatch.core.model.Status;
import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The escalation state machine of one partition of cluster keys. Every decision is taken at an event time:
 * when an event is taken in or when a key's timer falls due (a copy leaves the window or a throttled update may
 * go out). Events ahead of the release time (the watermark, carried by multicast ticks, less
 * {@code reorderDelay}) wait in {@value EscalateTopology#EARLY_STORE}; as the release time passes them they are
 * taken in together with the due timers, strictly in event-time order (then by key and item id), so a key's
 * records do not depend on how the input partitions happened to interleave. Only an event that arrives behind
 * the release time (but within the grace) is taken in at once, at the release time. All memory lives in
 * changelogged stores (the maps here are read-through copies, rebuilt at init), so an exactly-once restart
 * continues with the same versions and no record is lost or repeated.
 */
final class LifecycleProcessor extends ContextualProcessor<String, Signal, String, Emission> {
  static final String LATE_EXCEPTION = "io.dipwatch.escalate.LateEvent";
  static final String METRIC_GROUP = "dipwatch-escalate";
  /** Between key and item id in the keys of waiting events (U+001F, which no key or item id contains). */
  private static final char EVENT_SEP = '\u001f';

  private final EscalationConfig config;
  private final long windowMs;
  private final long graceMs;
  private final long throttleMs;
  private final long futureToleranceMs;
  private final long reorderDelayMs;
  private final String stage;
  private final int inputs;
  private ClusterWindow window;
  private KeyValueStore<String, String> timers;
  /** Read-through copy of the timer store, in time order (loaded at init, written together with it). */
  private final TreeMap<String, String> pendingTimers = new TreeMap<>();
  private KeyValueStore<String, Copy> early;
  /** Read-through copy of the store of events ahead of the release time, in (time, key, item) order. */
  private final TreeMap<String, Copy> pendingEvents = new TreeMap<>();
  private KeyValueStore<String, Escalation> current;
  private KeyValueStore<String, Escalation> history;
  private ReadOnlyKeyValueStore<String, Object> silences;
  private KeyValueStore<String, Long> watermarks;
  /** Read-through copy of the watermark store (loaded at init, written together with it). */
  private final Map<String, Long> origins = new HashMap<>();
  private Sensor lateSensor;

  LifecycleProcessor(EscalationConfig config, String stage, int inputs) {
    this.config = config;
    this.inputs = inputs;
    this.windowMs = config.window().toMillis();
    this.graceMs = config.grace().toMillis();
    this.throttleMs = config.updateThrottle().toMillis();
    this.futureToleranceMs = config.futureTolerance().toMillis();
    this.reorderDelayMs = config.reorderDelay().toMillis();
    this.stage = stage;
  }

  @Override
  public void init(ProcessorContext<String, Emission> context) {
    super.init(context);
    window = new ClusterWindow(context, config.memoryCopies());
    timers = context.getStateStore(EscalateTopology.TIMER_STORE);
    current = context.getStateStore(EscalateTopology.CURRENT_STORE);
    history = context.getStateStore(EscalateTopology.HISTORY_STORE);
    silences = context.getStateStore(EscalateTopology.SILENCE_STORE);
    watermarks = context.getStateStore(EscalateTopology.WATERMARK_STORE);
    origins.clear();
    try (KeyValueIterator<String, Long> it = watermarks.all()) {
      it.forEachRemaining(kv -> origins.put(kv.key, kv.value));
    }
    pendingTimers.clear();
    try (KeyValueIterator<String, String> it = timers.all()) {
      it.forEachRemaining(kv -> pendingTimers.put(kv.key, kv.value));
    }
    early = context.getStateStore(EscalateTopology.EARLY_STORE);
    pendingEvents.clear();
    try (KeyValueIterator<String, Copy> it = early.all()) {
      it.forEachRemaining(kv -> pendingEvents.put(kv.key, kv.value));
    }
    lateSensor = context.metrics().addRateTotalSensor(METRIC_GROUP, "unwindowable-events", "parked",
        Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, Signal> record) {
    Signal signal = record.value();
    if (signal == null) {
      return;
    }
    if (signal.isTick()) {
      Long known = origins.get(signal.origin());
      if (known == null || signal.watermark() > known) {
        origins.put(signal.origin(), signal.watermark());
        watermarks.put(signal.origin(), signal.watermark());
        releaseUpTo(releaseTime(watermark()));
      }
      return;
    }
    long at = signal.watermark();
    long watermark = watermark();
    long wallClock = context().currentSystemTimeMs();
    if (watermark != Long.MIN_VALUE && at < watermark - graceMs) {
      park(record.key(), signal, String.format(Locale.ROOT,
          "event time %s is %d min behind the watermark %s, beyond the grace of %s (cluster %s)",
          Instant.ofEpochMilli(at), (watermark - at) / 60_000, Instant.ofEpochMilli(watermark), config.grace(),
          record.key()));
      return;
    }
    if (at > wallClock + futureToleranceMs) {
      park(record.key(), signal, String.format(Locale.ROOT,
          "event time %s is ahead of the clock %s by more than %s (cluster %s)",
          Instant.ofEpochMilli(at), Instant.ofEpochMilli(wallClock), config.futureTolerance(), record.key()));
      return;
    }
    String key = record.key();
    Copy copy = signal.copy();
    long release = releaseTime(watermark);
    if (release == Long.MIN_VALUE || at > release) {
      // taken in, in event-time order with the other keys' events and timers, once time has passed it
      String pendingKey = timerKey(at, key) + EVENT_SEP + copy.itemId();
      pendingEvents.put(pendingKey, copy);
      early.put(pendingKey, copy);
      return;
    }
    apply(key, copy, release);
  }

  /** Takes an event into its key's window and re-judges the key at {@code now} (its event time, or later). */
  private void apply(String key, Copy copy, long now) {
    ClusterWindow.Cluster cluster = window.open(key);
    if (cluster.holds(copy.itemId(), now, windowMs)) {
      return;
    }
    ClusterState state = cluster.state();
    evict(cluster, now);
    int storiesBefore = state.stories;
    int sourcesBefore = state.sources;
    List<String> categoriesBefore = new ArrayList<>(state.copiesPerCategory.keySet());
    cluster.add(copy);
    cluster.trim(config.maxCopiesPerKey());
    boolean newEvidence = state.stories > storiesBefore || state.sources > sourcesBefore
        || !categoriesBefore.containsAll(state.copiesPerCategory.keySet());
    decide(cluster, now, newEvidence);
    window.shrink(key);
  }

  private void evict(ClusterWindow.Cluster cluster, long now) {
    cluster.evict(now, windowMs);
    cluster.state().trimBaseline(now, windowMs, config.baselineWeeks());
  }

  /**
   * How far event time has safely got on this partition: the slowest input partition's watermark (so a
   * lagging input, e.g. one catching up after downtime, does not make the others' events look late).
   * External ticks arrive relayed by every input, so they raise it only once each input has passed them.
   * Long.MIN_VALUE until every input has ticked once (an input that has not started must not be overtaken).
   */
  private long watermark() {
    if (origins.size() < inputs) {
      return Long.MIN_VALUE;
    }
    return origins.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
  }

  /**
   * The event time up to which events are taken in and timers fire: the watermark, held back by the reorder
   * delay; Long.MIN_VALUE while there is no watermark yet.
   */
  private long releaseTime(long watermark) {
    return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - reorderDelayMs;
  }

  /**
   * Takes in every waiting event and fires every timer due at or before {@code release}, all in event-time
   * order (an event before a timer of the same millisecond; then by key and item id), so what a key goes
   * through depends on its events' times, not on how the input partitions interleaved on the way here.
   */
  private void releaseUpTo(long release) {
    if (release == Long.MIN_VALUE) {
      return;
    }
    // timers a decision re-arms come after the decision's time, so taking the first each time keeps time order
    while (true) {
      Map.Entry<String, Copy> event = pendingEvents.firstEntry();
      Map.Entry<String, String> timer = pendingTimers.firstEntry();
      long eventAt = event == null ? Long.MAX_VALUE : timeOf(event.getKey());
      long timerAt = timer == null ? Long.MAX_VALUE : timeOf(timer.getKey());
      if (Math.min(eventAt, timerAt) > release) {
        return;
      }
      if (eventAt <= timerAt) {
        pendingEvents.remove(event.getKey());
        early.put(event.getKey(), null);
        String key = event.getKey().substring(20, event.getKey().lastIndexOf(EVENT_SEP));
        apply(key, event.getValue(), eventAt);
      } else {
        pendingTimers.remove(timer.getKey());
        timers.put(timer.getKey(), null);
        ClusterWindow.Cluster cluster = window.stored(timer.getValue());
        if (cluster != null && cluster.state().timerAt == timerAt) {
          cluster.state().timerAt = ClusterState.NO_TIMER;
          decide(cluster, timerAt, false);
        }
        window.shrink(null);
      }
    }
  }

  /** Re-judges a key at event time {@code now}, emits what the lifecycle calls for, and re-arms its timer. */
  private void decide(ClusterWindow.Cluster cluster, long now, boolean newEvidence) {
    evict(cluster, now);
    String key = cluster.key;
    ClusterState state = cluster.state();
    WindowSummary summary = WindowSummary.of(state);
    Level supported = config.levels().supported(summary.stories(), summary.categories().size(), summary.sources());
    Escalation last = cluster.last();
    boolean active = last != null && !Status.RESOLVED.name().equals(last.getStatus());
    boolean pending = state.updatePending;
    if (!active) {
      if (supported != null) {
        last = emit(cluster, Status.FIRING, supported, null, now, summary, state, last);
        pending = false;
      }
    } else {
      Level held = Level.valueOf(last.getLevel());
      if (supported == null) {
        last = emit(cluster, Status.RESOLVED, held, held, now, summary, state, last);
        pending = false;
      } else if (supported.compareTo(held) > 0) {
        last = emit(cluster, Status.FIRING, supported, held, now, summary, state, last);
        pending = false;
      } else if (supported.ordinal() < held.ordinal() - 1) {
        Level stepDown = Level.values()[supported.ordinal() + 1];
        last = emit(cluster, Status.UPDATED, stepDown, held, now, summary, state, last);
        pending = false;
      } else if (newEvidence || pending) {
        if (now - last.getEmittedAt().toEpochMilli() >= throttleMs) {
          last = emit(cluster, Status.UPDATED, held, null, now, summary, state, last);
          pending = false;
        } else {
          pending = true;
        }
      }
    }
    state.updatePending = pending;
    rearm(cluster, now, last);
  }

  /**
   * Stores the key's state and its next timer: when its oldest copy leaves the window, when a throttled
   * update may go out, or (with nothing left in the window) when its baseline days stop mattering.
   */
  private void rearm(ClusterWindow.Cluster cluster, long now, Escalation last) {
    String key = cluster.key;
    ClusterState state = cluster.state();
    long next = Long.MAX_VALUE;
    if (state.copies > 0) {
      next = state.firstAt + windowMs;
    }
    if (state.updatePending && last != null) {
      next = Math.min(next, last.getEmittedAt().toEpochMilli() + throttleMs);
    }
    if (state.copies == 0) {
      next = Math.min(next, state.baselineExpiry(windowMs, config.baselineWeeks()));
    }
    next = next == Long.MAX_VALUE ? ClusterState.NO_TIMER : Math.max(next, now + 1);
    long armed = state.timerAt;
    if (armed != ClusterState.NO_TIMER && armed != next) {
      String stale = timerKey(armed, key);
      pendingTimers.remove(stale);
      timers.put(stale, null);
    }
    if (state.isEmpty() && !state.updatePending) {
      cluster.delete();
      return;
    }
    if (next != ClusterState.NO_TIMER && next != armed) {
      String timer = timerKey(next, key);
      pendingTimers.put(timer, key);
      timers.put(timer, key);
    }
    state.timerAt = next;
    cluster.save();
  }

  private Escalation emit(ClusterWindow.Cluster cluster, Status status, Level level, Level previous, long now,
      WindowSummary summary, ClusterState state, Escalation last) {
    String key = cluster.key;
    List<String> actors = ClusterKeys.actorsOf(key);
    List<String> categories = new ArrayList<>(summary.categories());
    String reason = summary.reason();
    if (status == Status.RESOLVED) {
      reason = "resolved, below WATCH: " + reason;
    } else if (previous != null && level.compareTo(previous) < 0) {
      reason = "down from " + previous + ": " + reason;
    }
    double baseline = state.baselinePerWeek(now, windowMs, config.baselineWeeks());
    reason += String.format(Locale.ROOT, " (baseline %.1f stories/week)", baseline);
    Escalation escalation = Escalation.newBuilder()
        .setKey(key)
        .setStatus(status.name())
        .setLevel(level.name())
        .setPreviousLevel(previous == null ? null : previous.name())
        .setVersion(last == null ? 1 : last.getVersion() + 1)
        .setScore(summary.score(config.score(), baseline))
        .setActors(actors)
        .setCategories(categories)
        .setWindowStart(Instant.ofEpochMilli(now - windowMs))
        .setWindowEnd(Instant.ofEpochMilli(now))
        .setStories(summary.stories())
        .setSources(summary.sources())
        .setEvidence(cluster.evidence(config.evidenceStories()))
        .setReason(reason)
        .setSilenced(false)
        .setEmittedAt(Instant.ofEpochMilli(now))
        .build();
    escalation.setSilenced(isSilenced(escalation, context().currentSystemTimeMs()));
    current.put(key, escalation);
    cluster.emitted(escalation);
    history.put(EscalateTopology.historyKey(key, escalation.getVersion()), escalation);
    long dropped = escalation.getVersion() - config.historyPerKey();
    if (dropped >= 1) {
      history.put(EscalateTopology.historyKey(key, dropped), null);
    }
    // emittedAt carries the event time; the record timestamp never runs ahead of the broker's clock
    long timestamp = Math.min(now, context().currentSystemTimeMs());
    context().forward(new Record<>(key, Emission.lifecycle(escalation), timestamp, new RecordHeaders()));
    return escalation;
  }

  private boolean isSilenced(Escalation e, long wallClockMs) {
    try (KeyValueIterator<String, Object> it = silences.all()) {
      while (it.hasNext()) {
        Object value = it.next().value;
        Silence silence = (Silence) (value instanceof ValueAndTimestamp<?> vt ? vt.value() : value);
        if (Silences.matches(silence, e, wallClockMs)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Counts and parks an event the window cannot take; the dead letter is stamped with the wall clock. */
  private void park(String key, Signal event, String reason) {
    lateSensor.record();
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetters.HEADER_STAGE, bytes(stage));
    headers.add(DeadLetters.HEADER_EXCEPTION, bytes(LATE_EXCEPTION));
    headers.add(DeadLetters.HEADER_MESSAGE, bytes(reason));
    headers.add(DeadLetters.HEADER_ORIGIN, bytes("cluster " + key));
    context().recordMetadata().ifPresent(md -> {
      headers.add(DeadLetters.HEADER_TOPIC, bytes(md.topic()));
      headers.add(DeadLetters.HEADER_PARTITION, bytes(Integer.toString(md.partition())));
      headers.add(DeadLetters.HEADER_OFFSET, bytes(Long.toString(md.offset())));
    });
    context().forward(new Record<>(key, Emission.late(event), context().currentSystemTimeMs(), headers));
  }

  private static long timeOf(String timerKey) {
    return Long.parseLong(timerKey.substring(0, 19));
  }

  /** Zero-padded so that the store's byte order is time order. */
  static String timerKey(long at, String key) {
    String digits = Long.toString(at);
    return "0".repeat(Math.max(0, 19 - digits.length())) + digits + "|" + key;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
