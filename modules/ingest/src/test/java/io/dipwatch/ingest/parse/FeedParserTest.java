package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.schema.NewsItem;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FeedParserTest {

  @Test
  void readsRss2ItemsWithHtmlReducedToTextAndCanonicalIds() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "rss2-world.xml");

    assertThat(sink.items()).hasSize(3);
    NewsItem first = sink.items().get(0);
    assertThat(first.getTitle()).isEqualTo("EU adopts 16th sanctions package against Russia");
    assertThat(first.getBody()).isEqualTo("The European Union adopted new restrictive measures & asset freezes.");
    assertThat(first.getSource()).isEqualTo("Example World News");
    assertThat(first.getSourceType()).isEqualTo("rss");
    assertThat(first.getLanguage()).isEqualTo("en-gb");
    assertThat(first.getGuid()).isEqualTo("example-2025-0301-001");
    assertThat(first.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:00Z"));
    assertThat(first.getId()).isEqualTo(
        ItemIds.forUrl("https://news.example.org/world/eu-sanctions-package?a=1&b=2").orElseThrow());
    assertThat(first.getAttributes()).containsEntry("author", "Jane Reporter");

    NewsItem second = sink.items().get(1);
    assertThat(second.getBody()).contains("recognition of Kosovo's independence").contains("Serbia objected.")
        .doesNotContain("alert").doesNotContain("<p>");
    assertThat(second.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));

    NewsItem undated = sink.items().get(2);
    assertThat(undated.getPublishedAt()).isEqualTo(Fixtures.NOW);
    assertThat(undated.getAttributes()).containsEntry("publishedAtEstimated", "true");
    assertThat(undated.getId()).startsWith("g-");

    assertThat(sink.rejects()).singleElement().satisfies(r -> {
      assertThat(r.errorClass()).isEqualTo(Reject.EMPTY_ITEM);
      assertThat(r.origin()).isEqualTo("rss2-world.xml#4");
    });
  }

  @Test
  void readsAtomWithUpdatedDateFallbackAndFeedLanguage() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "atom-world.xml");

    assertThat(sink.rejects()).isEmpty();
    assertThat(sink.items()).hasSize(2);
    NewsItem first = sink.items().get(0);
    assertThat(first.getSourceType()).isEqualTo("atom");
    assertThat(first.getSource()).isEqualTo("Exemple Diplomatie");
    assertThat(first.getTitle()).isEqualTo("Sanctions & embargo : Paris durcit le ton");
    assertThat(first.getBody()).isEqualTo("La France annonce de nouvelles sanctions.");
    assertThat(first.getPublishedAt()).isEqualTo(Instant.parse("2025-03-01T07:00:00Z"));
    assertThat(first.getUrl()).isEqualTo("https://diplo.example.fr/2025/03/sanctions?fbclid=XYZ&page=1");
    assertThat(first.getId()).isEqualTo(ItemIds.forUrl("https://diplo.example.fr/2025/03/sanctions?page=1").orElseThrow());

    NewsItem second = sink.items().get(1);
    assertThat(second.getPublishedAt()).isEqualTo(Instant.parse("2025-02-28T17:45:00Z"));
    assertThat(second.getBody()).contains("travailleurs envoyés dans le Donbass");
  }

  @Test
  void configuredOutletNameWins() throws Exception {
    ParseSink.Collecting sink = ParseSink.collecting();
    try (var in = Fixtures.stream("rss2-world.xml")) {
      new FeedParser(Fixtures.options().withSourceName("Example")).parse(in, "u", sink);
    }
    assertThat(sink.items()).allSatisfy(i -> assertThat(i.getSource()).isEqualTo("Example"));
  }

  @Test
  void refusesXxeWithoutReadingTheFile() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "xxe.xml");
    assertThat(sink.items()).isEmpty();
    assertThat(sink.rejects()).singleElement().satisfies(r -> {
      assertThat(r.errorClass()).isEqualTo(Reject.FORBIDDEN_DOCTYPE);
      assertThat(r.reason()).doesNotContain("root:");
    });
  }

  @Test
  @Timeout(10)
  void refusesBillionLaughsQuickly() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "billion-laughs.xml");
    assertThat(sink.items()).isEmpty();
    assertThat(sink.rejects()).singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isEqualTo(Reject.FORBIDDEN_DOCTYPE));
  }

  @Test
  void rejectsMalformedXml() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "malformed.xml");
    assertThat(sink.items()).isEmpty();
    assertThat(sink.rejects()).singleElement().satisfies(r -> {
      assertThat(r.errorClass()).isEqualTo(Reject.MALFORMED_XML);
      assertThat(r.raw()).isEqualTo(Fixtures.bytes("malformed.xml"));
    });
  }

  @Test
  void rejectsInvalidUtf8() {
    ParseSink.Collecting sink = Fixtures.parse("rss", "invalid-utf8.xml");
    assertThat(sink.items()).isEmpty();
    assertThat(sink.rejects()).singleElement()
        .satisfies(r -> assertThat(r.errorClass()).isIn(Reject.INVALID_UTF8, Reject.MALFORMED_XML));
  }
}
