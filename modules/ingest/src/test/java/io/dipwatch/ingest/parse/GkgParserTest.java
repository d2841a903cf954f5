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
    assertThat(first.getBody()).as("people and organisations for the classifier; places only through mappedActors")
        .contains("Kim Jong Un").contains("United Nations Security Council").doesNotContain("Donetsk");
    assertThat(first.getGdelt().getMappedActors()).as("Russia named; Donetsk only as a city; the Security Council")
        .containsExactly("RUS", "UNSC");
    assertThat(sink.items().get(1).getTitle()).isEqualTo("DPRK conducts test of new solid-fuel ICBM");
    assertThat(sink.items().get(1).getGdelt().getMappedActors()).containsExactly("PRK");
  }

  /** One GKG 2.1 row: 27 tab-separated columns per the codebook, the given ones filled in. */
  private static String gkgRow(String recordId, String url, String v1Locations, String v2Locations,
      String v1Organizations, String v2Organizations, String title) {
    String[] cols = new String[GkgParser.COLUMNS];
    java.util.Arrays.fill(cols, "");
    cols[GkgParser.GKGRECORDID] = recordId;
    cols[GkgParser.DATE] = "20240612083000";
    cols[GkgParser.SOURCECOLLECTIONIDENTIFIER] = "1";
    cols[GkgParser.SOURCECOMMONNAME] = "example.org";
    cols[GkgParser.DOCUMENTIDENTIFIER] = url;
    cols[GkgParser.THEMES] = "TAX_FNCACT_WORKERS;SANCTIONS;";
    cols[GkgParser.LOCATIONS] = v1Locations;
    cols[GkgParser.ENHANCEDLOCATIONS] = v2Locations;
    cols[GkgParser.ORGANIZATIONS] = v1Organizations;
    cols[GkgParser.ENHANCEDORGANIZATIONS] = v2Organizations;
    cols[GkgParser.TONE] = "-2.5,1.5,4.0,5.5,21.0,0.4,380";
    cols[GkgParser.EXTRASXML] = "<PAGE_TITLE>" + title + "</PAGE_TITLE>";
    return String.join("\t", cols);
  }

  private static java.util.List<String> mappedActors(String... rows) throws IOException {
    ParseSink.Collecting sink = ParseSink.collecting();
    new GkgParser(Fixtures.options()).parse(
        new ByteArrayInputStream((String.join("\n", rows) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "gkg", sink);
    assertThat(sink.rejects()).isEmpty();
    assertThat(sink.items()).hasSize(1);
    return sink.items().get(0).getGdelt().getMappedActors();
  }

  @Test
  void countriesAndActorTerritoriesAreActorsButCitiesDoNotAddTheirState() throws IOException {
    String v2 = "1#Russia#RS#RS##60#100#RS#120;"
        + "5#Donets'ka Oblast', Ukraine#UP#UP05##48#37.8#UP05#310;"
        + "5#Luhans'ka Oblast', Ukraine#UP#UP14##48.5667#39.3333#UP14#352;"
        + "4#Pyongyang, P'yongyang-si, North Korea#KN#KN12##39.0194#125.755#-2035#45;"
        + "4#Moscow, Moskva, Russia#RS#RS48##55.7522#37.6156#-2960561#80;"
        + "5#Kharkivs'ka Oblast', Ukraine#UP#UP07##49.5#36.5#UP07#600";
    String v2Orgs = "united nations security council,512;european union,640;korean central news agency,15";
    assertThat(mappedActors(gkgRow("20240612083000-3", "https://example.org/nk-workers-donbas", "", v2, "", v2Orgs,
        "North Korean workers sent to Donbas")))
        .as("Pyongyang and Kharkiv alone add neither PRK nor UKR; a territory does not imply UKR")
        .containsExactly("RUS", "UA-14", "UA-09", "UNSC", "EU");
  }

  @Test
  void everyActorTerritoryIsCodedButTheUsStateGeorgiaIsNotGeo() throws IOException {
    String v2 = "5#Krym, Avtonomna Respublika, Ukraine#UP#UP11##45#34#UP11#10;"
        + "5#Khersons'ka Oblast', Ukraine#UP#UP08##46.5#33#UP08#60;"
        + "5#Zaporiz'ka Oblast', Ukraine#UP#UP26##47.5#35.5#UP26#90;"
        + "5#Abkhazia, Georgia#GG#GG02##43#41#GG02#130;"
        + "2#Georgia, United States#US#USGA##32.9866#-83.6487#GA#170;"
        + "1#Gaza Strip#GZ#GZ##31.4167#34.3333#GZ#200;"
        + "1#Kosovo#KV#KV##42.5833#21#KV#230;"
        + "1#Taiwan#TW#TW##23.5#121#TW#260";
    assertThat(mappedActors(gkgRow("20240612083000-4", "https://example.org/territories", "", v2, "", "",
        "Recognition disputes")))
        .as("the US state Georgia is USA territory, not GEO, and adds nothing as a state match")
        .containsExactly("UA-43", "UA-65", "UA-23", "GE-AB", "PSE", "XKX", "TWN");
  }

  @Test
  void v1FieldsAreUsedWhenTheEnhancedOnesAreEmpty() throws IOException {
    String v1 = "1#Iran#IR#IR#32#53#IR;5#Krym, Avtonomna Respublika, Ukraine#UP#UP11#45#34#UP11;"
        + "4#Vienna, Wien, Austria#AU#AU09#48.2#16.3667#-1995499";
    assertThat(mappedActors(gkgRow("20240612083000-5", "https://example.org/iaea-iran", v1, "",
        "international atomic energy agency;nato;opcw", "", "IAEA inspectors return to Iran")))
        .containsExactly("IRN", "UA-43", "IAEA", "NATO");
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
