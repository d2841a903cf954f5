package io.dipwatch.classify.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.core.json.Json;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BandsSerdeTest {
  private final BandsSerde serde = new BandsSerde();

  private static StoryIndex.Bands sample() {
    return new StoryIndex.Bands(List.of(
        new StoryIndex.Entry(0xF00DCAFEBEEF1234L, 37, "rss-1f3a", 1_732_000_000_000L),
        new StoryIndex.Entry(-1L, 0, "gdelt-1180277611 ünïcode", 0L)));
  }

  @Test
  void roundTripsEveryField() {
    byte[] bytes = serde.serializer().serialize("t", sample());
    assertThat(bytes[0]).isEqualTo(BandsSerde.FORMAT_V1);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(sample());
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", new StoryIndex.Bands(List.of()))))
        .isEqualTo(new StoryIndex.Bands(List.of()));
  }

  @Test
  void readsValuesWrittenAsJsonByEarlierVersions() throws Exception {
    byte[] json = Json.mapper().writeValueAsBytes(sample());
    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(sample());
  }

  @Test
  void rejectsTruncatedAndUnknownValuesWithAClearError() {
    byte[] bytes = serde.serializer().serialize("t", sample());
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format 9");
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
