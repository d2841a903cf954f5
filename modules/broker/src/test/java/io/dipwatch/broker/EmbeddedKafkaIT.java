package io.dipwatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path dataDir;

  @Test
  void temporaryBrokerServesProduceAndConsumeAndDeletesItsDirectory() throws Exception {
    Path dir;
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      dir = kafka.dataDir();
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      createTopic(kafka, "plain", 3);
      produce(kafka, "plain", Map.of("a", "1", "b", "2", "c", "3"));
      assertThat(consume(kafka, "plain", "g-plain", 3, "read_uncommitted"))
          .extracting(ConsumerRecord::value).containsExactlyInAnyOrder("1", "2", "3");
      assertThat(dir).isDirectory();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void restartOnTheSameDirectoryKeepsClusterTopicsRecordsAndPorts() throws Exception {
    String clusterId;
    String bootstrap;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      clusterId = kafka.clusterId();
      bootstrap = kafka.bootstrapServers();
      createTopic(kafka, "kept", 2);
      produce(kafka, "kept", Map.of("k1", "v1", "k2", "v2"));
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      assertThat(kafka.clusterId()).isEqualTo(clusterId);
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      try (Admin admin = admin(kafka)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
      }
      assertThat(consume(kafka, "kept", "g-kept", 2, "read_committed"))
          .extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v1", "v2");
    }
  }

  @Test
  void transactionalProducerCommitsAndReadCommittedGroupSeesOnlyCommittedRecords() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      createTopic(kafka, "tx", 3);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID(),
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
          new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "a", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
        producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
        producer.commitTransaction();
      }
      assertThat(consume(kafka, "tx", "g-tx", 2, "read_committed"))
          .extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }
  }

  @Test
  void autoCreationIsOffAndDefaultsSuitOneNode() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary(); Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic("defaults", java.util.Optional.empty(), java.util.Optional.empty())))
          .all().get(30, TimeUnit.SECONDS);
      var description = admin.describeTopics(Set.of("defaults")).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(description.get("defaults").partitions()).hasSize(3);
      try (KafkaConsumer<String, String> consumer = consumer(kafka, "g-auto", "read_uncommitted")) {
        assertThat(consumer.partitionsFor("never-created", Duration.ofSeconds(5))).isEmpty();
      }
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("never-created");
    }
  }

  @Test
  void fatalExitFromKafkaIsInterceptedAndMarksTheBrokerFailed() throws Exception {
    List<Throwable> reported = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().onFatalError(reported::add).start()) {
      assertThat(kafka.isRunning()).isTrue();
      assertThatThrownBy(() -> Exit.halt(1, "simulated fatal fault"))
          .isInstanceOf(BrokerFatalException.class)
          .hasMessageContaining("simulated fatal fault");
      assertThat(kafka.isRunning()).isFalse();
      assertThat(kafka.failure()).containsInstanceOf(BrokerFatalException.class);
      assertThat(reported).hasSize(1);
      assertThatThrownBy(() -> Exit.exit(3, "second")).isInstanceOf(BrokerFatalException.class)
          .satisfies(e -> assertThat(((BrokerFatalException) e).statusCode()).isEqualTo(3));
      assertThat(reported).as("the listener hears of the first failure only").hasSize(1);
    }
  }

  @Test
  void extraBrokerPropertiesApply() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("num.partitions", "5").start();
        Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic("five", java.util.Optional.empty(), java.util.Optional.empty())))
          .all().get(30, TimeUnit.SECONDS);
      assertThat(admin.describeTopics(Set.of("five")).allTopicNames().get(30, TimeUnit.SECONDS)
          .get("five").partitions()).hasSize(5);
    }
  }

  @Test
  void aSecondBrokerCannotUseADirectoryInUse() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
      assertThatThrownBy(() -> EmbeddedKafka.start(dataDir)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Another embedded Kafka is using");
      assertThat(kafka.isRunning()).isTrue();
      assertThat(Files.exists(dataDir.resolve(EmbeddedKafka.LOG_DIR).resolve("meta.properties"))).isTrue();
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static void createTopic(EmbeddedKafka kafka, String topic, int partitions) throws Exception {
    try (Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, Map<String, String> records) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      for (var record : records.entrySet()) {
        producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group, String isolation) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
        new StringDeserializer(), new StringDeserializer());
  }

  /** Reads through a consumer group, which needs the offsets topic: proves its RF-1 settings work. */
  private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, String group,
      int expected, String isolation) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(kafka, group, isolation)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.commitSync(Duration.ofSeconds(10));
    }
    return records;
  }
}
