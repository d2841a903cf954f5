package io.dipwatch.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dipwatch.core.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Jackson serde for state that never leaves a stage (store values, internal repartitions). */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;
  private final ObjectMapper mapper;

  public JsonSerde(Class<T> type) {
    this.type = type;
    this.mapper = Json.mapper();
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return mapper.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return mapper.readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException("not a JSON " + type.getSimpleName() + ": " + e.getMessage(), e);
      }
    };
  }
}
