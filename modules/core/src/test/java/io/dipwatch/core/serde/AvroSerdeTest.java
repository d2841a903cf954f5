package io.dipwatch.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.schema.NewsItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final AvroSerde<NewsItem> serde = DipwatchSerdes.newsItem();

  static NewsItem item() {
    return NewsItem.newBuilder()
        .setId("u-1").setTitle("Title").setBody("Body").setUrl("https://example.org/a")
        .setSource("example.org").setPublishedAt(Instant.parse("2025-01-02T03:04:05Z"))
        .setFetchedAt(Instant.parse("2025-01-02T03:05:00Z")).setAttributes(Map.of("k", "v"))
        .build();
  }

  @Test
  void roundTripsThroughSingleObjectEncoding() {
    byte[] bytes = serde.serializer().serialize("t", item());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(item());
  }

  @Test
  void readsRecordsWrittenWithAShippedOlderSchema() throws Exception {
    Schema v1 = AvroSerde.shippedVersions("NewsItem").get(0);
    GenericRecord old = new GenericData.Record(v1);
    for (Schema.Field f : v1.getFields()) {
      if (f.hasDefaultValue()) {
        old.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    old.put("id", "old");
    old.put("source", "s");
    old.put("publishedAt", 1000L);
    old.put("fetchedAt", 2000L);
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();
    NewsItem read = serde.decode(bytes);
    assertThat(read.getId()).isEqualTo("old");
    assertThat(read.getPublishedAt()).isEqualTo(Instant.ofEpochMilli(1000));
  }

  @Test
  void rejectsBytesThatAreNotSingleObjectEncodedWithAClearMessage() {
    assertThatThrownBy(() -> serde.decode("{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a NewsItem");
  }
}
