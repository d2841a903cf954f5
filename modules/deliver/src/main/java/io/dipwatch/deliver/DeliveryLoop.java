package io.dipwatch.deliver;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.Escalation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of the escalations topic to one destination, in its own consumer group, so a destination
 * that is down holds back only itself. Records are handled one at a time in offset order (order per key),
 * and each offset is committed once the record is delivered, skipped (not routed here, silenced, already
 * delivered) or parked. When the destination stays unavailable after the guard's retries, the loop rewinds
 * to the record and pauses for the policy's maximum back-off before trying it again — never parking a
 * record for a failure that is not the record's fault.
 */
final class DeliveryLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private enum Outcome { DONE, RETRY_LATER }

  private final Destination destination;
  private final Guard guard;
  private final Router router;
  private final Topics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DeliveryLedger ledger;
  private final Producer<byte[], byte[]> producer;
  private final boolean primary;
  private final Duration outagePause;
  private final Timer deliveryTime;
  private final MeterRegistry registry;
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong parked = new AtomicLong();
  final AtomicLong silenced = new AtomicLong();
  private volatile boolean running = true;
  private volatile Throwable failure;
  /** System.nanoTime() of the last moment this loop was seen caught up, or 0. */
  private volatile long idleObservedAt;

  /**
   * @param primary the one loop that parks unreadable records and counts silenced ones, so neither happens
   *     once per destination
   */
  DeliveryLoop(Destination destination, Guard guard, Router router, Topics topics, Properties consumerProps,
      Properties ledgerProps, Producer<byte[], byte[]> producer, boolean primary, MeterRegistry registry) {
    this.destination = destination;
    this.guard = guard;
    this.router = router;
    this.topics = topics;
    this.consumer = new KafkaConsumer<>(consumerProps);
    this.ledger = new DeliveryLedger(topics.slackThreads, new KafkaConsumer<>(ledgerProps), producer, destination.id());
    this.producer = producer;
    this.primary = primary;
    this.outagePause = destination.policy().maxBackoff();
    this.registry = registry;
    this.deliveryTime = Timer.builder("dipwatch.deliver.latency").tag("destination", destination.id())
        .description("time to hand one record to one destination, retries included").register(registry);
  }

  String destinationId() {
    return destination.id();
  }

  Throwable failure() {
    return failure;
  }

  long idleObservedAt() {
    return idleObservedAt;
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try (consumer; ledger) {
      ledger.catchUp();
      consumer.subscribe(List.of(topics.escalations.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          ledger.catchUp();
        }
      });
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          observeIdle();
        } else {
          deliverBatch(records);
        }
      }
    } catch (WakeupException | InterruptException e) {
      if (running) {
        fail(e);
      }
    } catch (InterruptedException e) {
      LOG.info("{}: interrupted while delivering; the record is delivered after restart", destination.id());
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      Thread.interrupted();
    }
  }

  private void deliverBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    boolean blocked = false;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (blocked || !running) {
          consumer.seek(partition, record.offset());
          break;
        }
        if (handle(record) == Outcome.RETRY_LATER) {
          consumer.seek(partition, record.offset());
          blocked = true;
          break;
        }
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
      }
    }
    if (blocked) {
      pauseFor(outagePause);
    }
  }

  /** Waits without leaving the group: paused partitions return nothing, but the consumer stays alive. */
  private void pauseFor(Duration pause) {
    consumer.pause(consumer.assignment());
    long until = System.nanoTime() + pause.toNanos();
    try {
      while (running && System.nanoTime() < until) {
        ConsumerRecords<byte[], byte[]> unexpected =
            consumer.poll(Duration.ofNanos(Math.min(POLL.toNanos(), Math.max(0, until - System.nanoTime()))));
        // Partitions assigned during the pause are not paused: leave their records for later.
        for (TopicPartition partition : unexpected.partitions()) {
          consumer.seek(partition, unexpected.records(partition).get(0).offset());
          consumer.pause(List.of(partition));
        }
      }
    } finally {
      consumer.resume(consumer.paused());
    }
  }

  private void observeIdle() {
    var assignment = consumer.assignment();
    if (assignment.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(assignment);
    for (TopicPartition partition : assignment) {
      if (consumer.position(partition) < end.getOrDefault(partition, 0L)) {
        return;
      }
    }
    idleObservedAt = System.nanoTime();
  }

  private Outcome handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
    Escalation escalation;
    try {
      escalation = record.value() == null ? null : topics.escalations.deserializeValue(record.value());
    } catch (RuntimeException e) {
      if (primary) {
        park(record, e, "-");
      }
      return Outcome.DONE;
    }
    if (escalation == null) {
      return Outcome.DONE;
    }
    if (escalation.getSilenced()) {
      if (primary) {
        silenced.incrementAndGet();
        count("silenced");
      }
      return Outcome.DONE;
    }
    if (router.route(escalation).stream().noneMatch(d -> d.id().equals(destination.id()))) {
      return Outcome.DONE;
    }
    DeliveryState previous = ledger.get(escalation.getKey());
    if (previous != null && previous.version() >= escalation.getVersion()) {
      duplicates.incrementAndGet();
      count("duplicate");
      LOG.debug("{}: {} v{} already delivered", destination.id(), escalation.getKey(), escalation.getVersion());
      return Outcome.DONE;
    }
    long started = System.nanoTime();
    DeliveryState next;
    try {
      next = destination.deliver(escalation, previous, guard);
    } catch (DeliveryFailure f) {
      if (f.retryable()) {
        LOG.warn("{}: still unavailable after retries ({}); trying {} v{} again in {} ms", destination.id(),
            f.getMessage(), escalation.getKey(), escalation.getVersion(), outagePause.toMillis());
        count("postponed");
        return Outcome.RETRY_LATER;
      }
      park(record, f, destination.id());
      return Outcome.DONE;
    } catch (RuntimeException e) {
      // A record this code cannot turn into a message would block the destination forever: park it.
      park(record, e, destination.id());
      return Outcome.DONE;
    } finally {
      deliveryTime.record(Duration.ofNanos(System.nanoTime() - started));
    }
    ledger.record(next);
    delivered.incrementAndGet();
    count("delivered");
    LOG.info("{}: delivered {} {} v{}", destination.id(), escalation.getKey(), escalation.getStatus(),
        escalation.getVersion());
    return Outcome.DONE;
  }

  /** @param where the destination that refused the record, or "-" when no destination could read it */
  private void park(ConsumerRecord<byte[], byte[]> record, Throwable error, String where)
      throws InterruptedException {
    LOG.warn("{}: parking {}-{}@{} on {}: {}", where, record.topic(), record.partition(), record.offset(),
        topics.notificationsDlq.name(), error.getMessage());
    ProducerRecord<byte[], byte[]> letter = DeadLetters.failed(topics.notificationsDlq.name(), Notifier.STAGE,
        record.topic(), record.partition(), record.offset(), record.key(), record.value(), error);
    letter.headers().add(Notifier.HEADER_DESTINATION, where.getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(letter).get();
    } catch (ExecutionException e) {
      throw new KafkaException("could not park a notification on " + topics.notificationsDlq.name(), e.getCause());
    }
    parked.incrementAndGet();
    count("parked");
  }

  private void count(String outcome) {
    Counter.builder("dipwatch.deliver.records").tag("outcome", outcome).tag("destination", destination.id())
        .description("escalation records by what became of them, per destination").register(registry).increment();
  }

  private void fail(Throwable e) {
    failure = e;
    LOG.error("{}: delivery loop failed: {}", destination.id(), e.toString(), e);
  }
}
