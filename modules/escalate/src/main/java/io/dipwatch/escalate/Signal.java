package io.dipwatch.escalate;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.ClassifiedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What travels on escalate's repartition topic: either a classified event for one cluster key, or a watermark
 * tick from {@code origin} (an input partition, or the external {@link Ticker}) saying "event time has reached
 * {@code watermark} here", multicast to every partition. Events keep their Avro bytes so a late one can be
 * parked exactly as it was read.
 */
public record Signal(ClassifiedEvent event, long watermark, String origin) {
  private static final byte EVENT = 'E';
  private static final byte TICK = 'T';
  /** Key of tick records on the repartition topic (ticks are routed by the partitioner, not the key). */
  public static final String TICK_KEY = "~tick";

  /** Origin of ticks read from the ticks topic, before an input partition relays them as its own. */
  public static final String EXTERNAL = "external";

  public static Signal of(ClassifiedEvent event) {
    return new Signal(event, event.getPublishedAt().toEpochMilli(), null);
  }

  public static Signal tick(long watermark, String origin) {
    return new Signal(null, watermark, origin);
  }

  public boolean isTick() {
    return event == null;
  }

  /** Tag byte, then the event's Avro single-object encoding or the tick's 8-byte watermark. */
  public static Serde<Signal> serde() {
    Serializer<Signal> serializer = (topic, signal) -> {
      if (signal == null) {
        return null;
      }
      if (signal.isTick()) {
        byte[] origin = signal.origin.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + origin.length).put(TICK).putLong(signal.watermark).put(origin).array();
      }
      byte[] avro = DipwatchSerdes.classifiedEvent().encode(signal.event);
      byte[] out = new byte[avro.length + 1];
      out[0] = EVENT;
      System.arraycopy(avro, 0, out, 1, avro.length);
      return out;
    };
    Deserializer<Signal> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length >= 9 && bytes[0] == TICK) {
        String origin = new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8);
        return tick(ByteBuffer.wrap(bytes, 1, 8).getLong(), origin);
      }
      if (bytes.length > 1 && bytes[0] == EVENT) {
        return of(DipwatchSerdes.classifiedEvent().decode(Arrays.copyOfRange(bytes, 1, bytes.length)));
      }
      throw new SerializationException("not an escalate signal (" + bytes.length + " bytes)");
    };
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }
}
