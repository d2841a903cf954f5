package io.dipwatch.core.topic;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A Kafka topic together with the serdes of its keys and values, so no caller picks them twice. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, TopicSpec spec) {

  /** Consumed with this topic's serdes and a source processor named after the topic. */
  public Consumed<K, V> consumed() {
    return Consumed.with(keySerde, valueSerde).withName("source-" + name);
  }

  /** Produced with this topic's serdes and a sink processor named after the topic. */
  public Produced<K, V> produced() {
    return Produced.with(keySerde, valueSerde).withName("sink-" + name);
  }

  public byte[] serializeKey(K key) {
    return keySerde.serializer().serialize(name, key);
  }

  public byte[] serializeValue(V value) {
    return valueSerde.serializer().serialize(name, value);
  }

  public K deserializeKey(byte[] bytes) {
    return keySerde.deserializer().deserialize(name, bytes);
  }

  public V deserializeValue(byte[] bytes) {
    return valueSerde.deserializer().deserialize(name, bytes);
  }
}
