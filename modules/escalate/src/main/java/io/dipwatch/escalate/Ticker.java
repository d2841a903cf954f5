package io.dipwatch.escalate;

import io.dipwatch.core.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves escalate's event time when no event does: writes a watermark tick to every partition of
 * {@code topics.ticks}; each input task of the topology handles its tick after the events already queued on
 * its classified partition and multicasts it to every partition of the repartition topic, so windows close
 * and clusters resolve on partitions that receive nothing, and no queued event is overtaken. Live pipelines
 * tick periodically with the wall clock (event time of news is publication time, so "now" is the watermark);
 * a replay calls {@link #advanceTo} once escalate has read all its input.
 * Events themselves also tick (see the topology), so this is only needed when input stops or is sparse.
 */
public final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, Long> producer;
  private final String topic;
  private final String id;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong sent = new AtomicLong();

  private Ticker(Properties producerProps, Topics topics, Duration interval, Supplier<Instant> watermark) {
    Properties props = new Properties();
    props.putAll(producerProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dipwatch-ticker-" + UUID.randomUUID());
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new LongSerializer());
    this.topic = topics.ticks.name();
    this.id = props.getProperty(ProducerConfig.CLIENT_ID_CONFIG);
    if (interval == null || watermark == null) {
      this.scheduler = null;
    } else {
      this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dipwatch-ticker");
        t.setDaemon(true);
        return t;
      });
      long ms = interval.toMillis();
      scheduler.scheduleAtFixedRate(() -> tickQuietly(watermark), ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Ticks every {@code interval} with the watermark the supplier gives (e.g. the wall clock). */
  public static Ticker periodic(Properties producerProps, Topics topics, Duration interval,
      Supplier<Instant> watermark) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("tick interval must be positive, got " + interval);
    }
    return new Ticker(producerProps, topics, interval, watermark);
  }

  /** The live pipeline's ticker: every {@code interval}, the wall clock is the event-time watermark. */
  public static Ticker wallClock(Properties producerProps, Topics topics, Duration interval) {
    return periodic(producerProps, topics, interval, Instant::now);
  }

  /** A ticker that only ticks when told to ({@link #advanceTo}), for replays of past events. */
  public static Ticker manual(Properties producerProps, Topics topics) {
    return new Ticker(producerProps, topics, null, null);
  }

  /**
   * Declares that event time has reached {@code eventTime}: every window ending before it closes on every
   * partition. Returns once the broker has the tick.
   */
  public void advanceTo(Instant eventTime) {
    long at = eventTime.toEpochMilli();
    try {
      // one tick per partition, each queued behind the events of its twin input partition; the watermark is
      // the value, and the record keeps the producer's clock so brokers accept any watermark
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (PartitionInfo partition : producer.partitionsFor(topic)) {
        acks.add(producer.send(new ProducerRecord<>(topic, partition.partition(), id, at)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      sent.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while ticking " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not tick " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Ticks sent so far. */
  public long ticksSent() {
    return sent.get();
  }

  private void tickQuietly(Supplier<Instant> watermark) {
    try {
      advanceTo(watermark.get());
    } catch (RuntimeException e) {
      LOG.warn("watermark tick failed, next one in one interval: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
