package io.dipwatch.classify.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void inflectionsOfOneWordShareAStem() {
    assertThat(stems("sanction sanctions sanctioned sanctioning")).containsOnly("sanction");
    assertThat(stems("recognise recognised recognizes recognizing recognising")).containsOnly("recognis");
    assertThat(stems("test tests tested testing")).containsOnly("test");
    assertThat(stems("expel expels expelled expelling")).containsOnly("expel");
    assertThat(stems("ban bans banned banning")).containsOnly("ban");
    assertThat(stems("embargo embargoes embargoed")).containsOnly("embargo");
    assertThat(stems("missile missiles")).containsOnly("missil");
    assertThat(stems("labor labour")).containsOnly("labour");
    assertThat(stems("laborers labourers labourer")).containsOnly("labourer");
    assertThat(stems("countries country")).containsOnly("country");
  }

  @Test
  void differentWordsKeepDifferentStems() {
    assertThat(LightStemmer.stem("sanction")).isNotEqualTo(LightStemmer.stem("section"));
    assertThat(LightStemmer.stem("recognition")).isNotEqualTo(LightStemmer.stem("recognise"));
    assertThat(LightStemmer.stem("workers")).isNotEqualTo(LightStemmer.stem("works"));
  }

  @Test
  void foldsCaseDiacriticsQuotesAndDashes() {
    NormalizedText t = TextNormalizer.normalize("Côte d’Ivoire — Türkiye’s “Erdoğan” ZAPORIZHZHIA");
    assertThat(t.text()).isEqualTo("cot d ivoir turkiy erdogan zaporizhzhia");
    assertThat(t.possessive(3)).isTrue();
    assertThat(TextNormalizer.normalizePhrase("Cote d'Ivoire")).isEqualTo(TextNormalizer.normalizePhrase("Côte d’Ivoire"));
  }

  @Test
  void markupIsNotText() {
    String original = "<a href=\"https://news.example/tags/saudi-arabia/\">Saudi Arabia</a> &amp; <b>Syria</b>"
        + "<!-- ad --> restore&nbsp;ties";
    NormalizedText t = TextNormalizer.normalize(original);
    assertThat(t.text()).isEqualTo("saudi arabia syria restor tie");
    assertThat(original.substring(t.originalStart(0), t.originalEnd(1))).isEqualTo("Saudi Arabia");
    assertThat(TextNormalizer.normalize("profits < 5% & AT&T <3 rule").text()).isEqualTo("profit 5 at t 3 rul");
  }

  @Test
  void tokensMapBackToTheOriginalText() {
    String original = "N Korea’s envoy met Russia's minister in Mosc\u006Fw.";
    NormalizedText t = TextNormalizer.normalize(original);
    for (int i = 0; i < t.size(); i++) {
      String surface = original.substring(t.originalStart(i), t.originalEnd(i));
      assertThat(TextNormalizer.normalizePhrase(surface)).isEqualTo(t.token(i));
    }
    assertThat(t.surface(0, 2)).isEqualTo("N Korea");
    assertThat(t.tokenStartingAt(t.text().indexOf("envoy"))).isEqualTo(2);
    assertThat(t.tokenStartingAt(1)).isEqualTo(-1);
  }

  @Test
  void decomposedAccentsAreFoldedLikeComposedOnes() {
    assertThat(TextNormalizer.normalizePhrase("Chis\u0327ina\u0306u")).isEqualTo(TextNormalizer.normalizePhrase("Chișinău"));
  }

  @Test
  void emptyTextHasNoTokens() {
    assertThat(TextNormalizer.normalize("").size()).isZero();
    assertThat(TextNormalizer.normalize(" — … ").size()).isZero();
  }

  private static java.util.Set<String> stems(String words) {
    return java.util.Arrays.stream(TextNormalizer.normalize(words).text().split(" "))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void memoisedStemsAndCodesMatchTheStemmerAcrossTableResets() {
    TokenCoder coder = stem -> stem.length();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      text.append("w").append(Integer.toString(i, 36)).append("ings ");
    }
    text.append("Sanctions sanctioned");
    NormalizedText normalized = TextNormalizer.normalize(text.toString(), coder);
    assertThat(normalized.size()).isEqualTo(40_002);
    for (int t = 0; t < normalized.size(); t++) {
      String raw = text.substring(normalized.originalStart(t), normalized.originalEnd(t)).toLowerCase();
      assertThat(normalized.token(t)).isEqualTo(LightStemmer.stem(raw));
      assertThat(normalized.code(t)).isEqualTo(normalized.token(t).length());
    }
    NormalizedText again = TextNormalizer.normalize("sanctions", stem -> 7);
    assertThat(again.code(0)).as("another coder does not see the first coder's codes").isEqualTo(7);
  }
}
