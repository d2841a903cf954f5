package io.dipwatch.ingest.state;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids ingest has already published, so that re-polling a feed, re-reading a file or posting an item twice
 * never publishes it again. The truth lives in the compacted topic {@code dipwatch.ingest.seen} (key: item id,
 * value: first-seen epoch millis): it is loaded at start-up and followed while running, so a restart and a
 * second instance both know what was published. In memory the set is bounded: an id is forgotten after the TTL
 * (and a tombstone compacts it away on the topic) and at most {@code maxEntries} ids are held, least recently
 * seen dropped first.
 *
 * <p>The mark is written only after the broker acknowledged the item, so a failed send never makes an item
 * count as published (no loss). Limits, by design: two instances that take the same new id within the time it
 * takes one's mark to reach the other may both publish it, and a crash between an item's acknowledgement and
 * its mark may publish it once more after the restart (at-least-once). Downstream story grouping absorbs both.
 */
public final class SeenIds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeenIds.class);

  private final Map<String, Long> firstSeen;
  private final Duration ttl;
  private final Clock clock;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final TopicTail tail;

  private SeenIds(Duration ttl, int maxEntries, Clock clock, Producer<byte[], byte[]> producer, String topic,
      String bootstrapServers) {
    this.ttl = ttl;
    this.clock = clock;
    this.producer = producer;
    this.topic = topic;
    this.firstSeen = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > maxEntries;
      }
    };
    this.tail = bootstrapServers == null ? null : new TopicTail(bootstrapServers, topic, this::learn);
  }

  /** Ids kept in memory only: for offline runs and tests. */
  public static SeenIds inMemory(Duration ttl, int maxEntries, Clock clock) {
    return new SeenIds(ttl, maxEntries, clock, null, null, null);
  }

  /**
   * Ids backed by the compacted topic; loads it before returning.
   *
   * @throws IllegalStateException if the topic cannot be read within {@code loadTimeout}
   */
  public static SeenIds kafkaBacked(String bootstrapServers, String topic, Producer<byte[], byte[]> producer,
      Duration ttl, int maxEntries, Duration loadTimeout, Clock clock) {
    SeenIds seen = new SeenIds(ttl, maxEntries, clock, producer, topic, bootstrapServers);
    seen.tail.start();
    try {
      if (!seen.tail.awaitLoaded(loadTimeout)) {
        seen.close();
        throw new IllegalStateException("could not load seen ids from " + topic + " within " + loadTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      seen.close();
      throw new IllegalStateException("interrupted while loading " + topic, e);
    }
    LOG.info("loaded {} seen item ids from {}", seen.size(), topic);
    return seen;
  }

  /**
   * Claims an id for publishing: true if it was not seen within the TTL (it is then remembered in memory),
   * false if it is a duplicate. Follow with {@link #confirm} once the item is stored, or {@link #release} if
   * storing it failed, so that a lost item is fetched again rather than remembered as published.
   */
  public boolean claim(String id) {
    long now = clock.millis();
    synchronized (firstSeen) {
      Long seen = firstSeen.get(id);
      if (seen != null && now - seen < ttl.toMillis()) {
        return false;
      }
      firstSeen.put(id, now);
      return true;
    }
  }

  /** Records on the topic that the claimed id is published, for restarts and other instances. */
  public void confirm(String id) {
    Long seenAt;
    synchronized (firstSeen) {
      seenAt = firstSeen.get(id);
    }
    if (producer != null && seenAt != null) {
      producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
          Long.toString(seenAt).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Forgets a claim whose item could not be stored. */
  public void release(String id) {
    synchronized (firstSeen) {
      firstSeen.remove(id);
    }
  }

  /** Whether the id is currently remembered (within the TTL). */
  public boolean contains(String id) {
    synchronized (firstSeen) {
      Long seen = firstSeen.get(id);
      return seen != null && clock.millis() - seen < ttl.toMillis();
    }
  }

  public int size() {
    synchronized (firstSeen) {
      return firstSeen.size();
    }
  }

  /** Forgets ids older than the TTL and writes tombstones for them so the topic compacts them away. */
  public int expire() {
    long cutoff = clock.millis() - ttl.toMillis();
    int removed = 0;
    synchronized (firstSeen) {
      for (Iterator<Map.Entry<String, Long>> it = firstSeen.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> e = it.next();
        if (e.getValue() < cutoff) {
          it.remove();
          removed++;
          if (producer != null) {
            producer.send(new ProducerRecord<>(topic, e.getKey().getBytes(StandardCharsets.UTF_8), null));
          }
        }
      }
    }
    return removed;
  }

  private void learn(String id, String value, long timestampMs) {
    if (id == null) {
      return;
    }
    synchronized (firstSeen) {
      if (value == null) {
        firstSeen.remove(id);
        return;
      }
      long seenAt = parse(value).orElse(timestampMs);
      if (clock.millis() - seenAt >= ttl.toMillis()) {
        return;
      }
      firstSeen.merge(id, seenAt, Math::min);
    }
  }

  private static Optional<Long> parse(String value) {
    try {
      return Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (tail != null) {
      tail.close();
    }
  }
}
