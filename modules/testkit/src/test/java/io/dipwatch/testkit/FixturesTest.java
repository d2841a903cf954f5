package io.dipwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.core.serde.DipwatchSerdes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FixturesTest {

  @Test
  void seedArticleIsTheDonbasLabourStory() {
    assertThat(Fixtures.seedArticle())
        .startsWith("The Russia-Ukraine war extends into its seventh month.")
        .contains("field of labour migration");
  }

  @Test
  void seedItemCarriesTitleBodyAndMillisecondTime() {
    var item = Fixtures.seedItem("id-1", "nknews.org", Instant.parse("2022-09-05T08:30:00.123999Z"));
    assertThat(item.getTitle()).isEqualTo("North Korea may send workers to Russian-occupied Donbas");
    assertThat(item.getBody()).isEqualTo(Fixtures.seedArticle());
    assertThat(item.getSource()).isEqualTo("nknews.org");
    assertThat(item.getPublishedAt()).isEqualTo(Instant.parse("2022-09-05T08:30:00.123Z"));
    var serde = DipwatchSerdes.newsItem();
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", item))).isEqualTo(item);
  }

  @Test
  void missingResourceIsReported() {
    assertThatThrownBy(() -> Fixtures.resource("/fixtures/none.txt"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/fixtures/none.txt");
  }
}
