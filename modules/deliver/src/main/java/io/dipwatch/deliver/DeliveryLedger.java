package io.dipwatch.deliver;

import io.dipwatch.core.json.Json;
import io.dipwatch.core.topic.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of what one destination has received, kept in the compacted threads topic (key
 * {@code destination#clusterKey}, value a JSON {@link DeliveryState}; entries of other destinations are
 * skipped) and mirrored in a map. Read to the end before the first delivery and again whenever partitions
 * are assigned, so neither a restart nor a rebalance posts a version twice; each entry is written
 * synchronously before the offset is committed.
 */
final class DeliveryLedger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

  private final Topic<String, String> topic;
  private final Consumer<byte[], byte[]> reader;
  private final Producer<byte[], byte[]> producer;
  private final String destination;
  private final String keyPrefix;
  private final Map<String, DeliveryState> states = new HashMap<>();
  private List<TopicPartition> partitions;

  DeliveryLedger(Topic<String, String> topic, Consumer<byte[], byte[]> reader, Producer<byte[], byte[]> producer,
      String destination) {
    this.topic = topic;
    this.reader = reader;
    this.producer = producer;
    this.destination = destination;
    this.keyPrefix = DeliveryState.ledgerKey(destination, "");
  }

  /** Reads every entry written so far (by this or an earlier instance). */
  void catchUp() {
    if (partitions == null) {
      partitions = reader.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new KafkaException("ledger topic " + topic.name() + " does not exist");
      }
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = reader.endOffsets(partitions);
    int read = 0;
    while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
        String ledgerKey = record.key() == null ? "" : topic.deserializeKey(record.key());
        if (ledgerKey.startsWith(keyPrefix)) {
          apply(ledgerKey, record.value() == null ? null : topic.deserializeValue(record.value()));
          read++;
        }
      }
    }
    LOG.debug("ledger of {}: read {} entries, {} keys known", destination, read, states.size());
  }

  private void apply(String ledgerKey, String json) {
    if (json == null) {
      states.remove(ledgerKey);
      return;
    }
    try {
      DeliveryState state = Json.mapper().readValue(json, DeliveryState.class);
      states.merge(ledgerKey, state, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    } catch (IOException e) {
      LOG.warn("ledger {}: ignoring unreadable entry {}: {}", topic.name(), ledgerKey, e.getMessage());
    }
  }

  DeliveryState get(String key) {
    return states.get(DeliveryState.ledgerKey(destination, key));
  }

  /** Writes the entry and waits for the broker to acknowledge it. */
  void record(DeliveryState state) throws InterruptedException {
    String json;
    try {
      json = Json.mapper().writeValueAsString(state);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      producer.send(new ProducerRecord<>(topic.name(), topic.serializeKey(state.ledgerKey()),
          topic.serializeValue(json))).get();
    } catch (ExecutionException e) {
      throw new KafkaException("could not write ledger entry " + state.ledgerKey(), e.getCause());
    }
    states.put(state.ledgerKey(), state);
  }

  @Override
  public void close() {
    reader.close();
  }
}
