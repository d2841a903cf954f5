package io.dipwatch.testkit;

import io.dipwatch.broker.EmbeddedKafka;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.topic.Topic;
import io.dipwatch.core.topic.TopicCreator;
import io.dipwatch.core.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives an integration test class its own real Kafka broker (embedded, single-node KRaft), plus the few
 * client chores every dipwatch IT repeats: creating the topics, producing typed records, reading a topic
 * back from the beginning with read_committed. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 * }</pre>
 *
 * <p>The broker starts before the first test and stops after the last one of the class (nested classes
 * share it). Tests of one class share topics, so give them distinct keys, topics or application ids
 * ({@link #kafkaSettings()} hands out fresh ones). A fatal broker error fails the test class in
 * {@code afterAll} instead of ending the test JVM.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, String> brokerProperties = new LinkedHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private EmbeddedKafka broker;
  private String ownerContextId;
  private Path tempDir;
  private Admin admin;
  private KafkaProducer<byte[], byte[]> producer;

  public KafkaBrokerExtension() {}

  /** Sets an extra broker property before the broker starts, e.g. {@code log.message.timestamp.type}. */
  public KafkaBrokerExtension withBrokerProperty(String key, String value) {
    if (broker != null) {
      throw new IllegalStateException("The broker is already running");
    }
    brokerProperties.put(key, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (broker != null) {
      return;
    }
    tempDir = Files.createTempDirectory("dipwatch-it-");
    broker = EmbeddedKafka.builder().brokerProperties(brokerProperties).start();
    ownerContextId = context.getUniqueId();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker == null || !context.getUniqueId().equals(ownerContextId)) {
      return;
    }
    Throwable brokerFailure = broker.failure().orElse(null);
    try (EmbeddedKafka closing = broker) {
      if (producer != null) {
        producer.close(Duration.ofSeconds(10));
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(10));
      }
    } finally {
      broker = null;
      producer = null;
      admin = null;
      deleteRecursively(tempDir);
    }
    if (brokerFailure != null) {
      throw new AssertionError("The embedded broker failed during the tests", brokerFailure);
    }
  }

  /** The running broker, e.g. to check {@link EmbeddedKafka#failure()}. */
  public EmbeddedKafka broker() {
    if (broker == null) {
      throw new IllegalStateException("No broker: register KafkaBrokerExtension on a static field");
    }
    return broker;
  }

  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** A shared Admin client, closed with the broker. */
  public synchronized Admin admin() {
    if (admin == null) {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      admin = Admin.create(props);
    }
    return admin;
  }

  /** Creates every dipwatch topic plus one per category, exactly as the app does at start-up. */
  public void createTopics(Topics topics, List<String> categories) {
    createTopics(topics.all(categories));
  }

  /** Creates the given topics with their specs; existing ones are left alone. */
  public void createTopics(Collection<Topic<?, ?>> topics) {
    TopicCreator.ensure(admin(), topics, (short) 1);
  }

  /** A directory deleted after the test class, e.g. for Streams state. */
  public Path tempDir() {
    broker();
    return tempDir;
  }

  /**
   * Settings for one Streams application under test: this broker, a fresh state directory under
   * {@link #tempDir()} and a fresh application-id prefix, so two apps in one class never share state or groups.
   */
  public KafkaSettings kafkaSettings() {
    int n = sequence.incrementAndGet();
    Path stateDir = tempDir().resolve("streams-" + n);
    KafkaSettings defaults = KafkaSettings.defaults();
    return new KafkaSettings(bootstrapServers(), defaults.topicPrefix(), defaults.partitions(), (short) 1,
        defaults.applicationIdPrefix() + "-it" + n, stateDir.toString());
  }

  /** Properties for an idempotent producer (acks=all) on this broker; serializers are up to the caller. */
  public Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
    return props;
  }

  /** Properties for a read_committed consumer in {@code group} that starts from the earliest offset. */
  public Properties consumerProps(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  /** Writes one record with the topic's serdes and waits for the broker's acknowledgement. */
  public <K, V> void produce(Topic<K, V> topic, K key, V value) {
    produceRaw(topic.name(), topic.serializeKey(key), topic.serializeValue(value), null);
  }

  /** Writes one record with an explicit record timestamp (event time for Streams). */
  public <K, V> void produce(Topic<K, V> topic, K key, V value, Instant timestamp) {
    produceRaw(topic.name(), topic.serializeKey(key), topic.serializeValue(value), timestamp);
  }

  /** Writes raw bytes, e.g. a record no deserializer accepts, to exercise dead-lettering. */
  public void produceRaw(String topic, byte[] key, byte[] value, Instant timestamp) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
        timestamp == null ? null : timestamp.toEpochMilli(), key, value);
    try {
      sharedProducer().send(record).get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while producing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not produce to " + topic + ": " + e, e);
    }
  }

  /**
   * Reads {@code topic} from the beginning (read_committed, no consumer group) until at least {@code atLeast}
   * records have arrived and everything committed so far is read, deserialized with the topic's serdes.
   *
   * @throws AssertionError if fewer than {@code atLeast} records arrive within {@code timeout}
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(Topic<K, V> topic, int atLeast, Duration timeout) {
    return consumeRaw(topic.name(), atLeast, timeout).stream().map(raw -> typed(topic, raw)).toList();
  }

  /** As {@link #consume} but without deserializing: keys and values as the broker holds them. */
  public List<ConsumerRecord<byte[], byte[]>> consumeRaw(String topic, int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties props = consumerProps("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        if (records.size() >= atLeast && caughtUp(consumer, partitions)) {
          return records;
        }
      }
    }
    if (records.size() < atLeast) {
      throw new AssertionError("Expected at least " + atLeast + " records on " + topic + " within "
          + timeout.toMillis() + " ms but read " + records.size());
    }
    return records;
  }

  private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (!infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (System.nanoTime() >= deadline) {
        throw new AssertionError("Topic " + topic + " does not exist");
      }
      try {
        Thread.sleep(100); // the topic may still be on its way (created by the code under test)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
    return partitions.stream().allMatch(tp -> consumer.position(tp, Duration.ofSeconds(5)) >= ends.get(tp));
  }

  private static <K, V> ConsumerRecord<K, V> typed(Topic<K, V> topic, ConsumerRecord<byte[], byte[]> raw) {
    Headers headers = new RecordHeaders(raw.headers().toArray());
    return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
        raw.serializedKeySize(), raw.serializedValueSize(),
        raw.key() == null ? null : topic.deserializeKey(raw.key()),
        raw.value() == null ? null : topic.deserializeValue(raw.value()),
        headers, raw.leaderEpoch(), raw.deliveryCount());
  }

  private synchronized KafkaProducer<byte[], byte[]> sharedProducer() {
    if (producer == null) {
      Properties props = producerProps();
      props.put(ProducerConfig.CLIENT_ID_CONFIG, "dipwatch-testkit-" + UUID.randomUUID());
      producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir, e);
    }
  }
}
