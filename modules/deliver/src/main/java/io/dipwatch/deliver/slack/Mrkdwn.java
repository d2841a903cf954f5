package io.dipwatch.deliver.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Text for Slack's mrkdwn, where {@code <…>} is markup: {@code <!channel>} pings everyone and
 * {@code <https://x|y>} disguises a link. News text is untrusted, so every piece of it goes through
 * {@link #escape} and every link through {@link #link}; lengths are cut without breaking an escape or a
 * surrogate pair, because Slack rejects, rather than trims, blocks that are too long.
 */
public final class Mrkdwn {
  /** Links longer than this are shown as plain titles: they would crowd out the rest of the message. */
  static final int MAX_URL_LENGTH = 1000;

  private Mrkdwn() {}

  /** Escapes the three control characters of Slack's markup and flattens line breaks and control chars. */
  public static String escape(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return out.toString();
  }

  /**
   * The URL, escaped for a mrkdwn link, if it is an absolute http(s) URL with a host that a reader may
   * follow; empty for anything else ({@code javascript:}, relative, malformed, overlong).
   */
  public static Optional<String> safeUrl(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Optional.empty();
      }
      // URI rejects spaces, '<', '>' and '|'; '&' stays legal in queries and must be escaped.
      return Optional.of(escape(uri.toASCIIString()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** A mrkdwn link with escaped text, or just the escaped text when the URL is not safe. */
  public static String link(String url, String text, int maxTextLength) {
    String label = escape(truncate(text == null || text.isBlank() ? url : text, maxTextLength));
    return safeUrl(url).map(u -> "<" + u + "|" + label + ">").orElse(label);
  }

  /**
   * At most {@code max} chars, ending in an ellipsis when cut; never splits a surrogate pair or an
   * {@code &amp;}-style escape produced by {@link #escape}.
   */
  public static String truncate(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    if (max <= 1) {
      return max == 1 ? "…" : "";
    }
    int end = max - 1;
    if (Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && amp >= end - 5) {
      int semicolon = text.indexOf(';', amp);
      if (semicolon < 0 || semicolon >= end) {
        end = amp;
      }
    }
    return text.substring(0, end).stripTrailing() + "…";
  }
}
