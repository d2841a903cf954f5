package io.dipwatch.ingest.parse;

import java.util.List;
import java.util.Locale;

/**
 * The input formats by the names the command line and the config use ({@code --format jsonl|rss|gdelt-events|
 * gdelt-gkg}); one place so that producers and offline commands cannot drift apart.
 */
public final class Formats {
  public static final List<String> NAMES = List.of(JsonLinesParser.FORMAT, FeedParser.FORMAT,
      GdeltEventsParser.FORMAT, GkgParser.FORMAT);

  private Formats() {}

  public static ItemParser parser(String name) {
    return parser(name, ParseOptions.defaults());
  }

  /** @throws IllegalArgumentException for an unknown format name, listing the known ones */
  public static ItemParser parser(String name, ParseOptions options) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case JsonLinesParser.FORMAT, "json", "ndjson" -> new JsonLinesParser(options);
      case FeedParser.FORMAT, "atom" -> new FeedParser(options);
      case GdeltEventsParser.FORMAT, "gdelt" -> new GdeltEventsParser(options);
      case GkgParser.FORMAT, "gkg" -> new GkgParser(options);
      default -> throw new IllegalArgumentException(
          "unknown format '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }
}
