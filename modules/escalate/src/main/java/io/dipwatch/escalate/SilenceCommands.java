package io.dipwatch.escalate;

import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The CLI's side of silences: add one, remove one, list them, all through the compacted silences topic that
 * the escalate topology reads as a global table (so a silence applies to records decided after it lands).
 */
public final class SilenceCommands {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private SilenceCommands() {}

  /** A silence with a fresh id; any of key, actor, category may be null, but not all of them. */
  public static Silence silence(String matchKey, String actor, String category, Instant expiresAt,
      String createdBy, String comment) {
    return Silence.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setMatchKey(matchKey)
        .setActor(actor)
        .setCategory(category)
        .setExpiresAt(expiresAt)
        .setCreatedBy(createdBy == null ? "" : createdBy)
        .setComment(comment == null ? "" : comment)
        .build();
  }

  /** Writes the silence and waits for the broker; refuses one that would mute everything. */
  public static void add(Properties producerProps, Topics topics, Silence s) {
    if (s.getId() == null || s.getId().isBlank()) {
      throw new IllegalArgumentException("a silence needs an id");
    }
    if (!Silences.isTargeted(s)) {
      throw new IllegalArgumentException("a silence needs a cluster key, an actor or a category");
    }
    send(producerProps, topics, s.getId(), topics.silences.serializeValue(s));
  }

  /** Deletes a silence (a tombstone on the compacted topic). */
  public static void remove(Properties producerProps, Topics topics, String id) {
    send(producerProps, topics, id, null);
  }

  /** Every silence currently on the topic, expired ones included, soonest expiry first. */
  public static List<Silence> list(Properties consumerProps, Topics topics) {
    Properties props = new Properties();
    props.putAll(consumerProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Silence> byId = new LinkedHashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.silences.name(), TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("timed out reading " + topics.silences.name());
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String id = topics.silences.deserializeKey(r.key());
          if (r.value() == null) {
            byId.remove(id);
          } else {
            byId.put(id, topics.silences.deserializeValue(r.value()));
          }
        }
      }
    }
    List<Silence> silences = new ArrayList<>(byId.values());
    silences.sort(Comparator.comparing(Silence::getExpiresAt).thenComparing(Silence::getId));
    return silences;
  }

  private static void send(Properties producerProps, Topics topics, String id, byte[] value) {
    Properties props = new Properties();
    props.putAll(producerProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.silences.name(), topics.silences.serializeKey(id), value))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing silence " + id, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not write silence " + id + ": " + e.getMessage(), e);
    }
  }
}
