package io.dipwatch.deliver.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MrkdwnTest {

  @Test
  void escapesTheThreeMarkupCharacters() {
    assertThat(Mrkdwn.escape("<!channel> & <https://x|y>"))
        .isEqualTo("&lt;!channel&gt; &amp; &lt;https://x|y&gt;");
  }

  @Test
  void flattensLineBreaksSoATitleCannotStartNewMarkup() {
    assertThat(Mrkdwn.escape("line one\nline two\r\tend")).isEqualTo("line one line two  end");
  }

  @Test
  void acceptsOnlyAbsoluteHttpLinks() {
    assertThat(Mrkdwn.safeUrl("https://example.org/a?x=1&y=2")).contains("https://example.org/a?x=1&amp;y=2");
    assertThat(Mrkdwn.safeUrl("HTTP://example.org/")).contains("HTTP://example.org/");
    assertThat(Mrkdwn.safeUrl("javascript:alert(1)")).isEmpty();
    assertThat(Mrkdwn.safeUrl("/relative/path")).isEmpty();
    assertThat(Mrkdwn.safeUrl("https://x|y")).isEmpty();
    assertThat(Mrkdwn.safeUrl("https://example.org/<!channel>")).isEmpty();
    assertThat(Mrkdwn.safeUrl("https://example.org/a b")).isEmpty();
    assertThat(Mrkdwn.safeUrl("https://example.org/" + "a".repeat(2000))).isEmpty();
    assertThat(Mrkdwn.safeUrl(null)).isEmpty();
  }

  @Test
  void linkFallsBackToEscapedTextForUnsafeUrls() {
    assertThat(Mrkdwn.link("https://example.org/", "Title <b>", 100)).isEqualTo("<https://example.org/|Title &lt;b&gt;>");
    assertThat(Mrkdwn.link("ftp://example.org/", "Title", 100)).isEqualTo("Title");
    assertThat(Mrkdwn.link("https://example.org/", "", 100)).isEqualTo("<https://example.org/|https://example.org/>");
  }

  @Test
  void truncateNeverSplitsAnEscapeOrASurrogatePair() {
    String escaped = Mrkdwn.escape("abcdefg&hij");
    for (int max = 2; max < escaped.length(); max++) {
      String cut = Mrkdwn.truncate(escaped, max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      assertThat(cut).endsWith("…");
      int amp = cut.lastIndexOf('&');
      if (amp >= 0) {
        assertThat(cut.substring(amp)).startsWith("&amp;");
      }
    }
    String flags = "🇰🇵🇰🇵🇰🇵";
    for (int max = 2; max < flags.length(); max++) {
      String cut = Mrkdwn.truncate(flags, max);
      assertThat(cut).endsWith("…");
      if (cut.length() >= 2) {
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
      }
    }
    assertThat(Mrkdwn.truncate("short", 10)).isEqualTo("short");
  }
}
