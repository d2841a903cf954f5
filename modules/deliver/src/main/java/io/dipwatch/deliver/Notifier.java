package io.dipwatch.deliver;

import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.topic.TopicCreator;
import io.dipwatch.core.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers escalations to people and systems with at-least-once guarantees and no visible duplicates.
 * Every destination the {@link Router} knows gets its own {@link DeliveryLoop}: a consumer of the
 * escalations topic (read_committed, manual commits, group {@code <consumerGroup>.<destination id>}) that
 * hands records over one at a time in offset order, so the order per key holds and a destination that is
 * down holds back only itself. A (key, version) already in the destination's ledger is skipped; a record the
 * destination refuses for good gets a dead letter on the notifications DLQ (stage {@code deliver}).
 *
 * <p>Run it with {@link #start()}, stop it with {@link #close()}; {@link #awaitIdle(Duration)} tells a batch
 * run (replay) when everything on the topic has been delivered.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  public static final String STAGE = "deliver";
  /** Header on a notification dead letter naming the destination that refused the record ("-": unreadable). */
  public static final String HEADER_DESTINATION = "dipwatch.destination";
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /**
   * What the notifier has done since it started, summed over destinations (a record sent to two
   * destinations counts twice); unreadable records are parked and silenced records counted once.
   */
  public record Counts(long delivered, long duplicates, long parked, long silenced) {}

  private final KafkaSettings kafka;
  private final Topics topics;
  private final DeliveryConfig config;
  private final Router router;
  private final MeterRegistry registry;
  private final List<DeliveryLoop> loops = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private Producer<byte[], byte[]> producer;
  private boolean started;

  public Notifier(KafkaSettings kafka, Topics topics, DeliveryConfig config) {
    this(kafka, topics, config, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /**
   * @throws IllegalArgumentException when the routes are inconsistent (a channel without a bot token)
   */
  public Notifier(KafkaSettings kafka, Topics topics, DeliveryConfig config, MeterRegistry registry, Clock clock) {
    this.kafka = kafka;
    this.topics = topics;
    this.config = config;
    this.registry = registry;
    this.router = new Router(config, clock);
  }

  /**
   * Creates the topics it needs if missing, then starts one daemon thread per destination
   * ({@code dipwatch-notifier-<destination>}). With no destination configured nothing starts.
   */
  public synchronized Notifier start() {
    if (started) {
      throw new IllegalStateException("notifier already started");
    }
    started = true;
    if (router.destinations().isEmpty()) {
      LOG.info("notifier: no Slack or webhook destination configured; nothing to deliver");
      return this;
    }
    try (Admin admin = Admin.create(clientProps("admin"))) {
      TopicCreator.ensure(admin, List.of(topics.escalations, topics.slackThreads, topics.notificationsDlq),
          kafka.replicationFactor());
    }
    producer = new KafkaProducer<>(producerProps());
    boolean primary = true;
    for (Destination destination : router.destinations()) {
      Guard guard = new Guard(destination.id(), destination.policy(), registry);
      DeliveryLoop loop = new DeliveryLoop(destination, guard, router, topics, consumerProps(destination),
          ledgerReaderProps(destination), producer, primary, registry);
      primary = false;
      loops.add(loop);
      Thread thread = new Thread(loop, "dipwatch-notifier-" + destination.id());
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    LOG.info("notifier started: {}", loops.stream().map(DeliveryLoop::destinationId).toList());
    return this;
  }

  /**
   * Waits until every destination has read, delivered (or parked) and committed everything on the
   * escalations topic that was there when this call began — the moment a batch run may exit.
   *
   * @return false on timeout, or if a delivery loop stopped or failed
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      boolean allIdle = true;
      for (int i = 0; i < loops.size(); i++) {
        if (loops.get(i).failure() != null || !threads.get(i).isAlive()) {
          return false;
        }
        allIdle &= loops.get(i).idleObservedAt() - start > 0;
      }
      if (allIdle) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(50);
    }
  }

  /** Stops every loop: records in hand are finished if that takes a few seconds, else abandoned. */
  @Override
  public synchronized void close() {
    loops.forEach(DeliveryLoop::stop);
    try {
      for (Thread thread : threads) {
        thread.join(STOP_GRACE.toMillis());
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(STOP_GRACE.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (producer != null) {
        producer.close(STOP_GRACE);
        producer = null;
      }
      LOG.info("notifier stopped: {}", counts());
    }
  }

  public Counts counts() {
    long delivered = 0;
    long duplicates = 0;
    long parked = 0;
    long silenced = 0;
    for (DeliveryLoop loop : loops) {
      delivered += loop.delivered.get();
      duplicates += loop.duplicates.get();
      parked += loop.parked.get();
      silenced += loop.silenced.get();
    }
    return new Counts(delivered, duplicates, parked, silenced);
  }

  /** Why a delivery loop ended, if one ended by failing. */
  public Optional<Throwable> failure() {
    return loops.stream().map(DeliveryLoop::failure).filter(Objects::nonNull).findFirst();
  }

  private Properties clientProps(String role) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "dipwatch-notifier-" + role);
    return p;
  }

  private Properties consumerProps(Destination destination) {
    Properties p = clientProps(destination.id());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup() + "." + destination.id());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.startFrom());
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
    // Retries honour Retry-After of up to minutes; leaving the group over one slow record would only
    // cause a rebalance that the ledger makes harmless, but there is no reason to provoke it.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties ledgerReaderProps(Destination destination) {
    Properties p = clientProps("ledger-" + destination.id());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties producerProps() {
    Properties p = clientProps("producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
