package io.dipwatch.escalate;

import io.dipwatch.schema.ClassifiedEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each categorised event into one signal per cluster key, and multicasts this input partition's
 * watermark (the highest event time seen here, items dated in the future excepted) every
 * {@code watermarkEvery} of event time, and whenever an external {@link Ticker} tick arrives on the twin
 * partition of the ticks topic. Every partition behind the repartition thus learns how far each input has got
 * and takes the slowest as its watermark; a tick can never overtake the events queued before it.
 * The last-tick and highest-seen times only rate-limit and feed ticks: after a restart the first record simply
 * ticks again (the receivers keep the maximum per input in their stores), so they may live in fields.
 */
final class ClusterFanOut extends ContextualProcessor<String, Signal, String, Signal> {
  private final ClusterKeys keys;
  private final long tickEveryMs;
  private final long futureToleranceMs;
  private long lastTickAt = Long.MIN_VALUE;
  private long maxEventTime = Long.MIN_VALUE;

  ClusterFanOut(EscalationConfig config) {
    this.keys = new ClusterKeys(config);
    this.tickEveryMs = config.watermarkEvery().toMillis();
    this.futureToleranceMs = config.futureTolerance().toMillis();
  }

  @Override
  public void process(Record<String, Signal> record) {
    Signal input = record.value();
    if (input == null) {
      return;
    }
    long wallClock = context().currentSystemTimeMs();
    if (input.isTick()) {
      // an external tick reached this input partition after every event already on it: relay it as ours
      maxEventTime = Math.max(maxEventTime, input.watermark());
      tick(Math.min(wallClock, record.timestamp()));
      return;
    }
    ClassifiedEvent event = input.event();
    long at = event.getPublishedAt().toEpochMilli();
    boolean fromTheFuture = at > wallClock + futureToleranceMs;
    // record timestamps never run ahead of the broker's clock (brokers refuse far-future timestamps);
    // the event time itself travels inside the signal
    long timestamp = Math.min(at, wallClock);
    if (!event.getCategories().isEmpty()) {
      for (String key : keys.keysOf(event)) {
        context().forward(new Record<>(key, input, timestamp, record.headers()));
      }
    }
    if (fromTheFuture) {
      return; // parked downstream; must not drag this input's watermark into the future
    }
    maxEventTime = Math.max(maxEventTime, at);
    if (lastTickAt == Long.MIN_VALUE || maxEventTime - lastTickAt >= tickEveryMs) {
      tick(timestamp);
    }
  }

  private void tick(long timestamp) {
    lastTickAt = maxEventTime;
    context().forward(new Record<>(Signal.TICK_KEY,
        Signal.tick(maxEventTime, "partition-" + context().taskId().partition()), timestamp));
  }
}
