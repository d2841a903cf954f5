package io.dipwatch.ingest.parse;

/**
 * Input a parser refused, with enough context to find and fix it: where it came from (file and line, feed
 * URL, HTTP request and index), the raw bytes as received, a short machine-readable error class and a
 * human-readable reason. Rejects go to the dead-letter topic or back to an HTTP client; they never stop a source.
 *
 * @param origin where the input came from, e.g. {@code items.jsonl:17}
 * @param raw the bytes as received (possibly cut to a bounded prefix for oversized input)
 * @param errorClass stable class of error, e.g. {@code malformed-json}, {@code invalid-utf8}
 * @param reason what was wrong, for a human
 */
public record Reject(String origin, byte[] raw, String errorClass, String reason) {
  public static final String MALFORMED_JSON = "malformed-json";
  public static final String MALFORMED_XML = "malformed-xml";
  public static final String FORBIDDEN_DOCTYPE = "forbidden-doctype";
  public static final String INVALID_UTF8 = "invalid-utf8";
  public static final String OVERSIZE = "oversize";
  public static final String EMPTY_ITEM = "empty-item";
  public static final String BAD_DATE = "bad-date";
  public static final String BAD_COLUMNS = "bad-columns";
  public static final String BAD_FIELD = "bad-field";
  public static final String BAD_ARCHIVE = "bad-archive";

  public Reject {
    raw = raw == null ? new byte[0] : raw;
  }
}
