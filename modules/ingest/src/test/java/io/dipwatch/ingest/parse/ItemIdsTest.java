package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemIdsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "HTTPS://WWW.Example.COM/Path/A?b=2&a=1#frag | https://www.example.com/Path/A?a=1&b=2",
      "http://example.com:80 | http://example.com/",
      "https://example.com:443/x?utm_source=tw&utm_campaign=y&id=7 | https://example.com/x?id=7",
      "https://example.com/x?fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&ref=home | https://example.com/x",
      "https://example.com:8443/x | https://example.com:8443/x",
      "https://user:pw@example.com/x | https://example.com/x",
  })
  void canonicalisesUrls(String url, String canonical) {
    assertThat(ItemIds.canonicalUrl(url)).contains(canonical);
  }

  @Test
  void variantsOfOneUrlShareAnIdAndOtherUrlsDoNot() {
    String a = ItemIds.of("https://Example.com/story?utm_medium=rss#top", "x", "g1", "t", "b");
    String b = ItemIds.of("https://example.com:443/story", "y", "g2", "other", "text");
    assertThat(a).startsWith("u-").hasSize(34).isEqualTo(b);
    assertThat(ItemIds.of("https://example.com/story2", "x", null, "t", "b")).isNotEqualTo(a);
  }

  @Test
  void fallsBackToGuidThenContent() {
    assertThat(ItemIds.of(null, "feed", "guid-1", "t", "b")).startsWith("g-")
        .isEqualTo(ItemIds.of("mailto:x@example.com", "feed", "guid-1", "other", "x"))
        .isNotEqualTo(ItemIds.of(null, "other feed", "guid-1", "t", "b"));
    assertThat(ItemIds.of(null, "s", null, "Title", "Body")).startsWith("c-")
        .isEqualTo(ItemIds.of("not a url at all", "s", " ", " Title ", "Body"))
        .isNotEqualTo(ItemIds.of(null, "s", null, "Title", "Body2"));
  }
}
