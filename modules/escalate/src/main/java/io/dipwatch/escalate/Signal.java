package io.dipwatch.escalate;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.ClassifiedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What travels on escalate's repartition topic: either a classified event for one cluster key, or a watermark
 * tick from {@code origin} (an input partition, or the external {@link Ticker}) saying "event time has reached
 * {@code watermark} here", multicast to every partition. An event is Avro-encoded once however many keys it
 * fans out to, and its bytes are kept as read: a late one is parked exactly as it came, without being decoded
 * (its event time and story id travel in front of the Avro bytes), and only events the window takes in are.
 */
public final class Signal {
  /** Legacy event layout: tag, then the Avro bytes (still read, never written). */
  private static final byte EVENT = 'E';
  /** Tag, event time, story id length and UTF-8 bytes, then the event's Avro single-object encoding. */
  private static final byte EVENT_WITH_HEADER = 'F';
  private static final byte TICK = 'T';
  /** Key of tick records on the repartition topic (ticks are routed by the partitioner, not the key). */
  public static final String TICK_KEY = "~tick";

  /** Origin of ticks read from the ticks topic, before an input partition relays them as its own. */
  public static final String EXTERNAL = "external";

  private final long watermark;
  private final String origin;
  private final String storyId;
  private ClassifiedEvent event;
  private byte[] avro;

  private Signal(ClassifiedEvent event, byte[] avro, long watermark, String storyId, String origin) {
    this.event = event;
    this.avro = avro;
    this.watermark = watermark;
    this.storyId = storyId;
    this.origin = origin;
  }

  public static Signal of(ClassifiedEvent event) {
    return new Signal(event, null, event.getPublishedAt().toEpochMilli(), event.getStoryId(), null);
  }

  public static Signal tick(long watermark, String origin) {
    return new Signal(null, null, watermark, null, origin);
  }

  public boolean isTick() {
    return origin != null;
  }

  /** The event (decoded on first use); null for a tick. */
  public ClassifiedEvent event() {
    if (event == null && avro != null) {
      event = DipwatchSerdes.classifiedEvent().decode(avro);
    }
    return event;
  }

  /** An event's publication time, or a tick's watermark. */
  public long watermark() {
    return watermark;
  }

  public String origin() {
    return origin;
  }

  String storyId() {
    return storyId;
  }

  /** The event's Avro single-object encoding (encoded on first use, then shared by every copy sent). */
  byte[] avro() {
    if (avro == null && event != null) {
      avro = DipwatchSerdes.classifiedEvent().encode(event);
    }
    return avro;
  }

  public static Serde<Signal> serde() {
    Serializer<Signal> serializer = (topic, signal) -> {
      if (signal == null) {
        return null;
      }
      if (signal.isTick()) {
        byte[] origin = signal.origin.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + origin.length).put(TICK).putLong(signal.watermark).put(origin).array();
      }
      byte[] story = signal.storyId.getBytes(StandardCharsets.UTF_8);
      byte[] avro = signal.avro();
      return ByteBuffer.allocate(13 + story.length + avro.length).put(EVENT_WITH_HEADER).putLong(signal.watermark)
          .putInt(story.length).put(story).put(avro).array();
    };
    Deserializer<Signal> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length >= 9 && bytes[0] == TICK) {
        String origin = new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8);
        return tick(ByteBuffer.wrap(bytes, 1, 8).getLong(), origin);
      }
      if (bytes.length > 13 && bytes[0] == EVENT_WITH_HEADER) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        long at = in.getLong();
        int storyLength = in.getInt();
        if (storyLength >= 0 && storyLength <= in.remaining()) {
          String story = new String(bytes, in.position(), storyLength, StandardCharsets.UTF_8);
          return new Signal(null, Arrays.copyOfRange(bytes, 13 + storyLength, bytes.length), at, story, null);
        }
      }
      if (bytes.length > 1 && bytes[0] == EVENT) {
        return of(DipwatchSerdes.classifiedEvent().decode(Arrays.copyOfRange(bytes, 1, bytes.length)));
      }
      throw new SerializationException("not an escalate signal (" + bytes.length + " bytes)");
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
