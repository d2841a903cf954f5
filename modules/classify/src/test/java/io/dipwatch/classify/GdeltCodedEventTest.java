package io.dipwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.GdeltFields;
import io.dipwatch.schema.NewsItem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GDELT event rows are classified by their CAMEO coding, not by the words that render it. */
class GdeltCodedEventTest {
  private static final Classifier CLASSIFIER = Classifier.fromDefaults();

  private static NewsItem row(String code, String description, List<String> mapped) {
    GdeltFields gdelt = GdeltFields.newBuilder().setGlobalEventId(1_234_567L).setEventCode(code)
        .setEventRootCode(code.substring(0, 2)).setActor1CountryCode("USA").setActor2CountryCode("RUS")
        .setMappedCategories(mapped).setMappedActors(List.of("RUS", "USA")).build();
    return NewsItem.newBuilder().setId("gdelt-1234567")
        .setTitle("UNITED STATES — " + description + " — RUSSIA").setBody("")
        .setSource("example.org").setSourceType("gdelt-events").setUrl("https://example.org/story")
        .setPublishedAt(Instant.parse("2025-03-01T00:00:00Z")).setFetchedAt(Instant.parse("2025-03-01T00:15:00Z"))
        .setGdelt(gdelt).build();
  }

  @Test
  void categoriesComeFromTheEventCodeWithItAsEvidence() {
    ClassifiedEvent event = CLASSIFIER.classify(row("163", "Impose embargo, boycott, or sanctions", List.of("SANCTIONS")));

    assertThat(event.getCategories()).extracting(c -> c.getName()).containsExactly("SANCTIONS");
    assertThat(event.getCategories().get(0).getEvidence().get(0).getRule()).isEqualTo("cameo:163");
    assertThat(event.getActors()).contains("RUS", "USA");
  }

  @Test
  void domesticAdministrativeSanctionsAreNotCalledSanctionsByTheirWording() {
    ClassifiedEvent event = CLASSIFIER.classify(row("172", "Impose administrative sanctions", List.of()));

    assertThat(event.getCategories()).isEmpty();
  }

  @Test
  void newsTextIsStillReadWhenTheRowIsNotAnEvent() {
    NewsItem gkgLike = NewsItem.newBuilder(row("163", "x", List.of("SANCTIONS")))
        .setGdelt(GdeltFields.newBuilder().build())
        .setTitle("EU imposes new sanctions on Russian banks over the war in Ukraine").build();

    assertThat(CLASSIFIER.classify(gkgLike).getCategories()).extracting(c -> c.getName()).contains("SANCTIONS");
  }
}
