package io.dipwatch.ingest.parse;

import java.time.Clock;

/**
 * Knobs the parsers share.
 *
 * @param maxItemBytes largest accepted line / item; larger input is rejected as {@link Reject#OVERSIZE}
 * @param maxDocumentBytes largest accepted single document (a whole RSS/Atom feed)
 * @param clock fetch time and the fallback for missing publication dates
 * @param sourceName outlet name to use instead of what the input says (a configured feed name), or null
 * @param sourceType overrides {@code NewsItem.sourceType} (e.g. {@code http}), or null for the format's own
 */
public record ParseOptions(int maxItemBytes, int maxDocumentBytes, Clock clock, String sourceName, String sourceType) {
  public static final int DEFAULT_MAX_ITEM_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  public static ParseOptions defaults() {
    return new ParseOptions(DEFAULT_MAX_ITEM_BYTES, DEFAULT_MAX_DOCUMENT_BYTES, Clock.systemUTC(), null, null);
  }

  public ParseOptions withSourceName(String name) {
    return new ParseOptions(maxItemBytes, maxDocumentBytes, clock, name, sourceType);
  }

  public ParseOptions withSourceType(String type) {
    return new ParseOptions(maxItemBytes, maxDocumentBytes, clock, sourceName, type);
  }

  public ParseOptions withMaxItemBytes(int max) {
    return new ParseOptions(max, maxDocumentBytes, clock, sourceName, sourceType);
  }

  public ParseOptions withMaxDocumentBytes(int max) {
    return new ParseOptions(maxItemBytes, max, clock, sourceName, sourceType);
  }

  public ParseOptions withClock(Clock c) {
    return new ParseOptions(maxItemBytes, maxDocumentBytes, c, sourceName, sourceType);
  }
}
