package io.dipwatch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one input stream in one format into {@link io.dipwatch.schema.NewsItem}s. The same parsers serve the
 * live producers (feeds, GDELT, files, HTTP) and the offline commands ({@code classify}, {@code replay}), so
 * an item reads the same whichever way it arrives.
 *
 * <p>Contract: bad content never throws; every piece of input that cannot become an item is reported once as
 * a {@link Reject} and parsing goes on with the next piece where the format allows it (the next line, the next
 * row, the next feed entry). Only a failure of the stream itself is thrown as {@link IOException}.
 */
public interface ItemParser {
  /** Format name as used on the command line: {@code jsonl}, {@code rss}, {@code gdelt-events}, {@code gdelt-gkg}. */
  String format();

  /**
   * Parses the whole stream (plain, gzip or zip; zipped input is detected by its magic bytes).
   *
   * @param origin where the stream came from (file path, feed URL, "http"), used as prefix of reject origins
   */
  void parse(InputStream in, String origin, ParseSink sink) throws IOException;
}
