package io.dipwatch.classify.story;

import io.dipwatch.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde for the story-fingerprint store. Every categorised item reads and rewrites several band lists on
 * the single story partition, so their encoding is on the hot path: a fixed layout (a format byte, then per entry
 * bits, shingles, last seen and the story id) instead of JSON. Values written as JSON by earlier versions are
 * still read, so a restored changelog keeps working.
 */
public final class BandsSerde implements Serde<StoryIndex.Bands> {
  static final byte FORMAT_V1 = 1;
  private static final byte JSON_OBJECT = '{';

  @Override
  public Serializer<StoryIndex.Bands> serializer() {
    return (topic, bands) -> bands == null ? null : encode(bands);
  }

  @Override
  public Deserializer<StoryIndex.Bands> deserializer() {
    return (topic, data) -> data == null ? null : decode(data);
  }

  static byte[] encode(StoryIndex.Bands bands) {
    List<StoryIndex.Entry> entries = bands.entries();
    byte[][] ids = new byte[entries.size()][];
    int size = 1 + Integer.BYTES;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = entries.get(i).storyId().getBytes(StandardCharsets.UTF_8);
      size += Long.BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES + ids[i].length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT_V1).putInt(ids.length);
    for (int i = 0; i < ids.length; i++) {
      StoryIndex.Entry e = entries.get(i);
      out.putLong(e.bits()).putInt(e.shingles()).putLong(e.lastSeen()).putInt(ids[i].length).put(ids[i]);
    }
    return out.array();
  }

  static StoryIndex.Bands decode(byte[] data) {
    if (data.length == 0) {
      throw new SerializationException("story band list: empty value");
    }
    if (data[0] == JSON_OBJECT) {
      try {
        return Json.mapper().readValue(data, StoryIndex.Bands.class);
      } catch (IOException e) {
        throw new UncheckedIOException("story band list: unreadable JSON value", e);
      }
    }
    if (data[0] != FORMAT_V1) {
      throw new SerializationException("story band list: unknown format " + data[0]);
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
      int count = in.getInt();
      List<StoryIndex.Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long bits = in.getLong();
        int shingles = in.getInt();
        long lastSeen = in.getLong();
        byte[] id = new byte[in.getInt()];
        in.get(id);
        entries.add(new StoryIndex.Entry(bits, shingles, new String(id, StandardCharsets.UTF_8), lastSeen));
      }
      return new StoryIndex.Bands(entries);
    } catch (RuntimeException e) {
      throw new SerializationException("story band list: truncated or corrupt value", e);
    }
  }
}
