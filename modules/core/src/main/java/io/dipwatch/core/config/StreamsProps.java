package io.dipwatch.core.config;

import io.dipwatch.core.error.DeadLetterExceptionHandlers;
import io.dipwatch.core.topic.Topics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Streams settings every dipwatch stage shares: exactly-once, explicit names, dead letters. */
public final class StreamsProps {
  /** Below the default commit intervals (200 ms; escalate 1 s): a commit's flush, not the linger, sends output. */
  static final int PRODUCER_LINGER_MS = 100;
  static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  private StreamsProps() {}

  /**
   * Base properties for one stage's Kafka Streams application.
   *
   * @param stage short stage name (classify, escalate, deliver): application id suffix and DLQ stage header
   */
  public static Properties forStage(KafkaSettings kafka, Topics topics, String stage) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationIdPrefix() + "-" + stage);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq.name());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterExceptionHandlers.Deserialization.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterExceptionHandlers.Processing.class.getName());
    p.put(DeadLetterExceptionHandlers.STAGE_CONFIG, stage);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    // exactly-once output is invisible until the commit, which flushes the producer: lingering adds little latency,
    // and full batches mean a few produce requests (each checked against the transaction by the broker) per
    // commit instead of one per handful of records, on a pipeline whose limit is CPU shared with the broker
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    return p;
  }
}
