package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GkgParserTest {

  @Test
  void mapsGkgRowsToArticlesWithPageTitleThemesAndLocations() {
    ParseSink.Collecting sink = Fixtures.parse("gdelt-gkg", "gdelt-gkg-sample.gkg.csv");
    assertThat(sink.rejects()).isEmpty();
    assertThat(sink.items()).hasSize(2);
    NewsItem first = sink.items().get(0);
    assertThat(first.getTitle()).isEqualTo("North Korean workers sent to Russia's Donbas despite UN sanctions");
    assertThat(first.getId()).isEqualTo(ItemIds.forUrl("https://www.nknews.org/2025/03/north-korean-workers-russia/").orElseThrow());
    assertThat(first.getSource()).isEqualTo("nknews.org");
    assertThat(first.getSourceType()).isEqualTo("gdelt-gkg");
    assertThat(first.getGuid()).isEqualTo("20250301121500-0");
    assertThat(first.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T12:15:00Z"));
    assertThat(first.getGdelt().getThemes()).containsExactly("TAX_FNCACT_WORKERS", "LABOR", "SANCTIONS", "WB_2670_JOBS");
    assertThat(first.getGdelt().getLocations()).containsExactly("Russia", "Donetsk, Donets'ka Oblast', Ukraine");
    assertThat(first.getGdelt().getAvgTone()).isEqualTo(-3.2);
    assertThat(first.getBody()).contains("Kim Jong Un").contains("United Nations Security Council").contains("Donetsk");
    assertThat(sink.items().get(1).getTitle()).isEqualTo("DPRK conducts test of new solid-fuel ICBM");
  }

  @Test
  void rejectsRowsWithTooFewColumnsOrBadDates() throws IOException {
    String good = new String(Fixtures.bytes("gdelt-gkg-sample.gkg.csv")).split("\n")[0];
    String[] cols = good.split("\t", -1);
    cols[1] = "20251301000000";
    String badDate = String.join("\t", cols);
    String tooFew = "20250301121500-9\t20250301121500\t1";
    ParseSink.Collecting sink = ParseSink.collecting();
    new GkgParser(Fixtures.options()).parse(
        new ByteArrayInputStream((tooFew + "\n" + badDate + "\n" + good + "\n").getBytes()), "gkg", sink);
    assertThat(sink.items()).hasSize(1);
    assertThat(sink.rejects()).extracting(Reject::errorClass).containsExactly(Reject.BAD_COLUMNS, Reject.BAD_DATE);
  }
}
