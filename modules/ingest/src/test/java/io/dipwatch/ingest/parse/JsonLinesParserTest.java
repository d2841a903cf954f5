package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JsonLinesParserTest {

  @Test
  void readsGoodLinesAndRejectsEachBadLineWithItsLineNumberAndReason() {
    ParseSink.Collecting sink = Fixtures.parse("jsonl", "items-mixed.jsonl");

    assertThat(sink.items()).extracting(NewsItem::getTitle)
        .containsExactly("EU extends sanctions on Russia", "No id, no date, no source", "Offset date");
    assertThat(sink.rejects()).extracting(Reject::origin, Reject::errorClass).containsExactly(
        tuple("items-mixed.jsonl:4", Reject.MALFORMED_JSON),
        tuple("items-mixed.jsonl:5", Reject.EMPTY_ITEM),
        tuple("items-mixed.jsonl:6", Reject.BAD_DATE),
        tuple("items-mixed.jsonl:7", Reject.INVALID_UTF8),
        tuple("items-mixed.jsonl:8", Reject.MALFORMED_JSON),
        tuple("items-mixed.jsonl:10", Reject.MALFORMED_JSON));
    assertThat(sink.rejects().get(2).reason()).contains("2025-02-30");
    assertThat(new String(sink.rejects().get(0).raw())).isEqualTo("{\"title\":\"broken json\", \"body\": }");
  }

  @Test
  void keepsGivenFieldsAndFillsTheRest() {
    ParseSink.Collecting sink = Fixtures.parse("jsonl", "items-mixed.jsonl");
    NewsItem seed = sink.items().get(0);
    assertThat(seed.getId()).isEqualTo("seed-1");
    assertThat(seed.getSource()).isEqualTo("example.com");
    assertThat(seed.getLanguage()).isEqualTo("en");
    assertThat(seed.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(seed.getSourceType()).isEqualTo("jsonl");

    NewsItem bare = sink.items().get(1);
    assertThat(bare.getId()).isEqualTo(ItemIds.forUrl("https://www.example.net/b").orElseThrow());
    assertThat(bare.getSource()).isEqualTo("example.net");
    assertThat(bare.getPublishedAt()).isEqualTo(Fixtures.NOW);

    assertThat(sink.items().get(2).getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
  }

  @Test
  void rejectsAnOversizedLineWithoutHoldingItAndGoesOn() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024];
    Arrays.fill(big, (byte) 'a');
    byte[] good = "{\"title\":\"after the big one\"}\n".getBytes();
    byte[] input = new byte[big.length + 1 + good.length];
    System.arraycopy(big, 0, input, 0, big.length);
    input[big.length] = '\n';
    System.arraycopy(good, 0, input, big.length + 1, good.length);
    ParseSink.Collecting sink = ParseSink.collecting();

    new JsonLinesParser(Fixtures.options().withMaxItemBytes(1024 * 1024))
        .parse(new ByteArrayInputStream(input), "big", sink);

    assertThat(sink.rejects()).singleElement().satisfies(r -> {
      assertThat(r.errorClass()).isEqualTo(Reject.OVERSIZE);
      assertThat(r.raw()).hasSize(1024 * 1024);
      assertThat(r.reason()).contains(Integer.toString(big.length));
    });
    assertThat(sink.items()).extracting(NewsItem::getTitle).containsExactly("after the big one");
  }

  @Test
  void sameItemTwiceGetsTheSameId() throws IOException {
    String line = "{\"title\":\"Same\",\"body\":\"text\",\"source\":\"a\"}\n";
    ParseSink.Collecting sink = ParseSink.collecting();
    new JsonLinesParser(Fixtures.options()).parse(new ByteArrayInputStream((line + line).getBytes()), "x", sink);
    assertThat(sink.items()).hasSize(2);
    assertThat(sink.items().get(0).getId()).startsWith("c-").isEqualTo(sink.items().get(1).getId());
  }

  @Test
  void readsGzippedInput() throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write("{\"title\":\"zipped\"}\n".getBytes());
    }
    ParseSink.Collecting sink = ParseSink.collecting();
    new JsonLinesParser(Fixtures.options()).parse(new ByteArrayInputStream(out.toByteArray()), "x.gz", sink);
    assertThat(sink.items()).extracting(NewsItem::getTitle).containsExactly("zipped");
  }
}
