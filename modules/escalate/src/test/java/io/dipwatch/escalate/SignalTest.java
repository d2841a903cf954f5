package io.dipwatch.escalate;

import static io.dipwatch.core.model.Categories.RECOGNITION;
import static io.dipwatch.core.model.Categories.SANCTIONS;
import static io.dipwatch.escalate.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.ClassifiedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The repartition format: the window's copy travels beside the untouched Avro bytes; older layouts still read. */
class SignalTest {
  private static final String TOPIC = "escalate-by-cluster-key-repartition";
  private final Serde<Signal> serde = Signal.serde();

  @Test
  void eventCarriesItsCopyAndItsAvroBytesUnchanged() {
    ClassifiedEvent e = event("item-ü", "story-1", "outlet.example", Instant.parse("2026-01-02T03:04:05.006Z"),
        List.of(SANCTIONS, RECOGNITION), "PRK", "RUS");
    e.setUrl(null);
    byte[] bytes = serde.serializer().serialize(TOPIC, Signal.of(e));
    Signal read = serde.deserializer().deserialize(TOPIC, bytes);
    assertThat(read.isTick()).isFalse();
    assertThat(read.watermark()).isEqualTo(e.getPublishedAt().toEpochMilli());
    assertThat(read.storyId()).isEqualTo("story-1");
    assertThat(read.copy()).isEqualTo(ClusterState.Copy.of(e));
    assertThat(read.avro()).isEqualTo(DipwatchSerdes.classifiedEvent().encode(e));
    assertThat(read.event()).isEqualTo(e);
  }

  @Test
  void tickRoundTrips() {
    Signal read = serde.deserializer().deserialize(TOPIC,
        serde.serializer().serialize(TOPIC, Signal.tick(1234L, "partition-2")));
    assertThat(read.isTick()).isTrue();
    assertThat(read.watermark()).isEqualTo(1234L);
    assertThat(read.origin()).isEqualTo("partition-2");
  }

  @Test
  void theLayoutWithoutCopyIsStillRead() {
    ClassifiedEvent e = event("item-1", "story-1", "outlet.example", Instant.parse("2026-01-02T00:00:00Z"),
        List.of(SANCTIONS), "PRK", "RUS");
    byte[] story = "story-1".getBytes(StandardCharsets.UTF_8);
    byte[] avro = DipwatchSerdes.classifiedEvent().encode(e);
    byte[] legacy = ByteBuffer.allocate(13 + story.length + avro.length).put((byte) 'F')
        .putLong(e.getPublishedAt().toEpochMilli()).putInt(story.length).put(story).put(avro).array();
    Signal read = serde.deserializer().deserialize(TOPIC, legacy);
    assertThat(read.copy()).isEqualTo(ClusterState.Copy.of(e));
  }

  @Test
  void truncatedBytesAreASerializationError() {
    ClassifiedEvent e = event("item-1", "story-1", "outlet.example", Instant.parse("2026-01-02T00:00:00Z"),
        List.of(SANCTIONS), "PRK", "RUS");
    byte[] bytes = serde.serializer().serialize(TOPIC, Signal.of(e));
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 30)))
        .isInstanceOf(SerializationException.class);
  }
}
