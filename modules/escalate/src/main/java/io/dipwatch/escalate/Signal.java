package io.dipwatch.escalate;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.ClassifiedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What travels on escalate's repartition topic: either a classified event for one cluster key, or a watermark
 * tick from {@code origin} (an input partition, or the external {@link Ticker}) saying "event time has reached
 * {@code watermark} here", multicast to every partition. An event is encoded once however many keys it fans
 * out to: its event time, story id and the {@link ClusterState.Copy} the window keeps travel in front of its
 * Avro bytes, which are kept as read, so the window never decodes the whole event and a late one is parked
 * exactly as it came.
 */
public final class Signal {
  /** Legacy event layout: tag, then the Avro bytes (still read, never written). */
  private static final byte EVENT = 'E';
  /** Tag, event time, story id length and UTF-8 bytes, then the event's Avro single-object encoding. */
  private static final byte EVENT_WITH_HEADER = 'F';
  /** As {@link #EVENT_WITH_HEADER}, with the window's copy (item id, title, url, source, categories) before the Avro. */
  private static final byte EVENT_WITH_COPY = 'G';
  private static final int NULL_STRING = -1;
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
  private ClusterState.Copy copy;

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

  /** What the window keeps of the event (derived on first use, or read from the signal's bytes). */
  ClusterState.Copy copy() {
    if (copy == null && !isTick()) {
      copy = ClusterState.Copy.of(event());
    }
    return copy;
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
      ClusterState.Copy c = signal.copy();
      List<byte[]> strings = new ArrayList<>();
      strings.add(utf8(signal.storyId));
      strings.add(utf8(c.itemId()));
      strings.add(utf8(c.title()));
      strings.add(utf8(c.url()));
      strings.add(utf8(c.source()));
      c.categories().forEach(category -> strings.add(utf8(category)));
      byte[] avro = signal.avro();
      int size = 1 + 8 + 4 + avro.length;
      for (byte[] string : strings) {
        size += 4 + (string == null ? 0 : string.length);
      }
      ByteBuffer out = ByteBuffer.allocate(size).put(EVENT_WITH_COPY).putLong(signal.watermark)
          .putInt(c.categories().size());
      for (byte[] string : strings) {
        if (string == null) {
          out.putInt(NULL_STRING);
        } else {
          out.putInt(string.length).put(string);
        }
      }
      return out.put(avro).array();
    };
    Deserializer<Signal> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length >= 9 && bytes[0] == TICK) {
        String origin = new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8);
        return tick(ByteBuffer.wrap(bytes, 1, 8).getLong(), origin);
      }
      if (bytes.length > 13 && bytes[0] == EVENT_WITH_COPY) {
        return readWithCopy(bytes);
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

  private static Signal readWithCopy(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      in.get();
      long at = in.getLong();
      int categoryCount = in.getInt();
      String story = readString(in);
      String itemId = readString(in);
      String title = readString(in);
      String url = readString(in);
      String source = readString(in);
      List<String> categories = new ArrayList<>(categoryCount);
      for (int i = 0; i < categoryCount; i++) {
        categories.add(readString(in));
      }
      Signal signal = new Signal(null, Arrays.copyOfRange(bytes, in.position(), bytes.length), at, story, null);
      signal.copy = new ClusterState.Copy(itemId, story, title, url, source, categories, at);
      return signal;
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new SerializationException("truncated escalate signal (" + bytes.length + " bytes)", e);
    }
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length == NULL_STRING) {
      return null;
    }
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
