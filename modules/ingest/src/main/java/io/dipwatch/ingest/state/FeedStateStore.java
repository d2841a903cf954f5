package io.dipwatch.ingest.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.dipwatch.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each source got to: for a feed its ETag and Last-Modified (for conditional GETs), for GDELT the last
 * file read. Kept in the compacted topic {@code dipwatch.ingest.feed-state} (key: feed URL or source key, value:
 * JSON {@link FeedPosition}) so a restart or another instance resumes from there instead of a local file.
 */
public final class FeedStateStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedStateStore.class);

  /** The position of one source; any field may be null. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeedPosition(String etag, String lastModified, String lastFile, Long lastSuccessMs) {}

  private final Map<String, FeedPosition> positions = new ConcurrentHashMap<>();
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final TopicTail tail;

  private FeedStateStore(Producer<byte[], byte[]> producer, String topic, String bootstrapServers) {
    this.producer = producer;
    this.topic = topic;
    this.tail = bootstrapServers == null ? null : new TopicTail(bootstrapServers, topic, this::learn);
  }

  public static FeedStateStore inMemory() {
    return new FeedStateStore(null, null, null);
  }

  /** A store backed by the compacted topic; loads it before returning. */
  public static FeedStateStore kafkaBacked(String bootstrapServers, String topic, Producer<byte[], byte[]> producer,
      Duration loadTimeout) {
    FeedStateStore store = new FeedStateStore(producer, topic, bootstrapServers);
    store.tail.start();
    try {
      if (!store.tail.awaitLoaded(loadTimeout)) {
        store.close();
        throw new IllegalStateException("could not load feed positions from " + topic + " within " + loadTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      store.close();
      throw new IllegalStateException("interrupted while loading " + topic, e);
    }
    return store;
  }

  public Optional<FeedPosition> get(String key) {
    return Optional.ofNullable(positions.get(key));
  }

  public void put(String key, FeedPosition position) {
    positions.put(key, position);
    if (producer != null) {
      try {
        byte[] value = Json.mapper().writeValueAsBytes(position);
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write feed position", e);
      }
    }
  }

  private void learn(String key, String value, long timestampMs) {
    if (key == null) {
      return;
    }
    if (value == null) {
      positions.remove(key);
      return;
    }
    try {
      positions.put(key, Json.mapper().readValue(value, FeedPosition.class));
    } catch (JsonProcessingException e) {
      LOG.warn("ignoring unreadable feed position for {}: {}", key, e.getOriginalMessage());
    }
  }

  @Override
  public void close() {
    if (tail != null) {
      tail.close();
    }
  }
}
