package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dipwatch.core.model.Categories;
import io.dipwatch.schema.NewsItem;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GdeltEventsParserTest {

  private static Map<String, NewsItem> byId(ParseSink.Collecting sink) {
    return sink.items().stream().collect(Collectors.toMap(NewsItem::getId, Function.identity()));
  }

  @Test
  void mapsEventRowsToItemsWithGdeltFieldsCategoriesAndActors() {
    ParseSink.Collecting sink = Fixtures.parse("gdelt-events", "gdelt-events-sample.export.CSV");
    assertThat(sink.rejects()).isEmpty();
    Map<String, NewsItem> items = byId(sink);
    assertThat(items).hasSize(7);

    NewsItem sanctions = items.get("gdelt-1187212301");
    assertThat(sanctions.getTitle()).isEqualTo("United States — impose embargo, boycott or sanctions — Russia");
    assertThat(sanctions.getSourceType()).isEqualTo("gdelt-events");
    assertThat(sanctions.getSource()).isEqualTo("reuters.com");
    assertThat(sanctions.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T12:15:00Z"));
    assertThat(sanctions.getUrl()).startsWith("https://www.reuters.com/world/us-imposes-sanctions-russia");
    var g = sanctions.getGdelt();
    assertThat(g.getGlobalEventId()).isEqualTo(1187212301L);
    assertThat(g.getEventCode()).isEqualTo("163");
    assertThat(g.getEventRootCode()).isEqualTo("16");
    assertThat(g.getGoldsteinScale()).isEqualTo(-8.0);
    assertThat(g.getNumSources()).isEqualTo(2);
    assertThat(g.getNumArticles()).isEqualTo(10);
    assertThat(g.getAvgTone()).isEqualTo(-5.21);
    assertThat(g.getMappedCategories()).containsExactly(Categories.SANCTIONS);
    assertThat(g.getMappedActors()).containsExactly("USA", "RUS");

    assertThat(items.get("gdelt-1187212302").getGdelt().getMappedCategories()).containsExactly(Categories.SANCTIONS);
    assertThat(items.get("gdelt-1187212303").getGdelt().getMappedCategories()).containsExactly(Categories.RECOGNITION);
    assertThat(items.get("gdelt-1187212304").getGdelt().getMappedCategories())
        .containsExactly(Categories.WEAPONS_DEVELOPMENT);
    assertThat(items.get("gdelt-1187212304").getTitle()).isEqualTo("North Korea — detonate nuclear weapons");
    assertThat(items.get("gdelt-1187212305").getGdelt().getMappedCategories()).as("172 is domestic").isEmpty();
    assertThat(items.get("gdelt-1187212305").getTitle()).doesNotContainIgnoringCase("sanction");
    assertThat(items.get("gdelt-1187212306").getGdelt().getMappedActors()).containsExactly("UN", "PRK");
    assertThat(items.get("gdelt-1187212307").getGdelt().getMappedActors()).containsExactly("NATO", "ROU");
  }

  @Test
  void rowsFromOneArticleShareTheStoryKey() {
    Map<String, NewsItem> items = byId(Fixtures.parse("gdelt-events", "gdelt-events-sample.export.CSV"));
    String key1 = items.get("gdelt-1187212301").getAttributes().get("storyKey");
    assertThat(key1).isNotBlank()
        .isEqualTo(items.get("gdelt-1187212302").getAttributes().get("storyKey"))
        .isNotEqualTo(items.get("gdelt-1187212303").getAttributes().get("storyKey"))
        .isEqualTo(ItemIds.urlKey("https://www.reuters.com/world/us-imposes-sanctions-russia-2025-03-01/").orElseThrow());
  }

  @Test
  void readsTheZippedExportAlike() {
    ParseSink.Collecting zipped = Fixtures.parse("gdelt-events", "20250301121500.export.CSV.zip");
    ParseSink.Collecting plain = Fixtures.parse("gdelt-events", "gdelt-events-sample.export.CSV");
    assertThat(zipped.rejects()).isEmpty();
    assertThat(zipped.items()).extracting(NewsItem::getId).containsExactlyElementsOf(
        plain.items().stream().map(NewsItem::getId).toList());
  }

  @Test
  void rejectsHostileRowsOneByOneAndKeepsTheGoodOnes() {
    ParseSink.Collecting sink = Fixtures.parse("gdelt-events", "gdelt-events-hostile.export.CSV");
    assertThat(sink.items()).extracting(NewsItem::getId).containsExactly("gdelt-1187212301", "gdelt-1187212303");
    String o = "gdelt-events-hostile.export.CSV:";
    assertThat(sink.rejects()).extracting(Reject::origin, Reject::errorClass).containsExactly(
        tuple(o + 2, Reject.BAD_COLUMNS),
        tuple(o + 3, Reject.BAD_DATE),
        tuple(o + 4, Reject.BAD_FIELD),
        tuple(o + 6, Reject.INVALID_UTF8));
    assertThat(sink.rejects().get(0).reason()).isEqualTo("expected 61 tab-separated columns, got 40");
    assertThat(sink.rejects().get(1).reason()).contains("20250230");
  }
}
