package io.dipwatch.escalate;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.model.Level;
import io.dipwatch.core.model.Status;
import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The escalation state machine of one partition of cluster keys. Every decision is taken at an event time:
 * on an event (at its own time, or the watermark if that is later) or when a key's timer falls due (a copy
 * leaves the window or a throttled update may go out), timers being fired in time order as the watermark,
 * carried by multicast ticks, passes them. All memory lives in changelogged stores, so an exactly-once restart
 * continues with the same versions and no record is lost or repeated.
 */
final class LifecycleProcessor extends ContextualProcessor<String, Signal, String, Emission> {
  static final String LATE_EXCEPTION = "io.dipwatch.escalate.LateEvent";
  static final String METRIC_GROUP = "dipwatch-escalate";
  private static final int TIMER_BATCH = 512;

  private final EscalationConfig config;
  private final long windowMs;
  private final long graceMs;
  private final long throttleMs;
  private final long futureToleranceMs;
  private final String stage;
  private final int inputs;
  private ClusterWindow window;
  private KeyValueStore<String, String> timers;
  private KeyValueStore<String, Escalation> current;
  private KeyValueStore<String, Escalation> history;
  private ReadOnlyKeyValueStore<String, Object> silences;
  private KeyValueStore<String, Long> watermarks;
  /** Read-through copy of the watermark store (loaded at init, written together with it). */
  private final Map<String, Long> origins = new HashMap<>();
  private Sensor lateSensor;
  /** No timer before this is pending, so scans may start past fired ones' tombstones (a hint, not state). */
  private long firedUpTo = 0;

  LifecycleProcessor(EscalationConfig config, String stage, int inputs) {
    this.config = config;
    this.inputs = inputs;
    this.windowMs = config.window().toMillis();
    this.graceMs = config.grace().toMillis();
    this.throttleMs = config.updateThrottle().toMillis();
    this.futureToleranceMs = config.futureTolerance().toMillis();
    this.stage = stage;
  }

  @Override
  public void init(ProcessorContext<String, Emission> context) {
    super.init(context);
    window = new ClusterWindow(context);
    timers = context.getStateStore(EscalateTopology.TIMER_STORE);
    current = context.getStateStore(EscalateTopology.CURRENT_STORE);
    history = context.getStateStore(EscalateTopology.HISTORY_STORE);
    silences = context.getStateStore(EscalateTopology.SILENCE_STORE);
    watermarks = context.getStateStore(EscalateTopology.WATERMARK_STORE);
    origins.clear();
    firedUpTo = 0;
    try (KeyValueIterator<String, Long> it = watermarks.all()) {
      it.forEachRemaining(kv -> origins.put(kv.key, kv.value));
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
        fireTimersUpTo(watermark());
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
    long now = Math.max(watermark, at);
    String key = record.key();
    ClassifiedEvent event = signal.event();
    if (window.holds(key, event.getId(), now, windowMs)) {
      return;
    }
    ClusterState state = window.summary(key);
    evict(key, state, now);
    int storiesBefore = state.stories;
    int sourcesBefore = state.sources;
    List<String> categoriesBefore = new ArrayList<>(state.copiesPerCategory.keySet());
    window.add(key, state, Copy.of(event));
    window.trim(key, state, config.maxCopiesPerKey());
    boolean newEvidence = state.stories > storiesBefore || state.sources > sourcesBefore
        || !categoriesBefore.containsAll(state.copiesPerCategory.keySet());
    decide(key, state, now, newEvidence);
  }

  private void evict(String key, ClusterState state, long now) {
    window.evict(key, state, now, windowMs);
    state.trimBaseline(now, windowMs, config.baselineWeeks());
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

  /** Fires, in time order, every timer due at or before the watermark. */
  private void fireTimersUpTo(long watermark) {
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    while (true) {
      List<KeyValue<String, String>> due = new ArrayList<>();
      try (KeyValueIterator<String, String> it =
               timers.range(timerKey(firedUpTo, ""), timerKey(watermark, "\uffff"))) {
        while (it.hasNext() && due.size() < TIMER_BATCH) {
          due.add(it.next());
        }
      }
      if (due.isEmpty()) {
        return;
      }
      // timers a decision re-arms come after the decision's time, so none will be earlier than this batch's first
      firedUpTo = Long.parseLong(due.get(0).key.substring(0, 19));
      for (KeyValue<String, String> timer : due) {
        timers.delete(timer.key);
        long at = Long.parseLong(timer.key.substring(0, 19));
        ClusterState state = window.storedSummary(timer.value);
        if (state != null && state.timerAt == at) {
          state.timerAt = ClusterState.NO_TIMER;
          decide(timer.value, state, at, false);
        }
      }
    }
  }

  /** Re-judges a key at event time {@code now}, emits what the lifecycle calls for, and re-arms its timer. */
  private void decide(String key, ClusterState state, long now, boolean newEvidence) {
    evict(key, state, now);
    WindowSummary summary = WindowSummary.of(state);
    Level supported = config.levels().supported(summary.stories(), summary.categories().size(), summary.sources());
    Escalation last = current.get(key);
    boolean active = last != null && !Status.RESOLVED.name().equals(last.getStatus());
    boolean pending = state.updatePending;
    if (!active) {
      if (supported != null) {
        last = emit(key, Status.FIRING, supported, null, now, summary, state, last);
        pending = false;
      }
    } else {
      Level held = Level.valueOf(last.getLevel());
      if (supported == null) {
        last = emit(key, Status.RESOLVED, held, held, now, summary, state, last);
        pending = false;
      } else if (supported.compareTo(held) > 0) {
        last = emit(key, Status.FIRING, supported, held, now, summary, state, last);
        pending = false;
      } else if (supported.ordinal() < held.ordinal() - 1) {
        last = emit(key, Status.UPDATED, Level.values()[supported.ordinal() + 1], held, now, summary, state, last);
        pending = false;
      } else if (newEvidence || pending) {
        if (now - last.getEmittedAt().toEpochMilli() >= throttleMs) {
          last = emit(key, Status.UPDATED, held, null, now, summary, state, last);
          pending = false;
        } else {
          pending = true;
        }
      }
    }
    state.updatePending = pending;
    rearm(key, state, now, last);
  }

  /**
   * Stores the key's state and its next timer: when its oldest copy leaves the window, when a throttled
   * update may go out, or (with nothing left in the window) when its baseline days stop mattering.
   */
  private void rearm(String key, ClusterState state, long now, Escalation last) {
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
      timers.delete(timerKey(armed, key));
    }
    if (state.isEmpty() && !state.updatePending) {
      window.delete(key);
      return;
    }
    if (next != ClusterState.NO_TIMER && next != armed) {
      timers.put(timerKey(next, key), key);
    }
    state.timerAt = next;
    window.save(key, state);
  }

  private Escalation emit(String key, Status status, Level level, Level previous, long now, WindowSummary summary,
      ClusterState state, Escalation last) {
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
        .setEvidence(window.evidence(key, config.evidenceStories()))
        .setReason(reason)
        .setSilenced(false)
        .setEmittedAt(Instant.ofEpochMilli(now))
        .build();
    escalation.setSilenced(isSilenced(escalation, context().currentSystemTimeMs()));
    current.put(key, escalation);
    history.put(EscalateTopology.historyKey(key, escalation.getVersion()), escalation);
    long dropped = escalation.getVersion() - config.historyPerKey();
    if (dropped >= 1) {
      history.delete(EscalateTopology.historyKey(key, dropped));
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

  /** Zero-padded so that the store's byte order is time order. */
  static String timerKey(long at, String key) {
    String digits = Long.toString(at);
    return "0".repeat(Math.max(0, 19 - digits.length())) + digits + "|" + key;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
