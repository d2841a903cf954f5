package io.dipwatch.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dipwatch.core.json.Json;
import io.dipwatch.schema.NewsItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.Locale;

/**
 * The JSON lines item format of DESIGN.md: one object per line with {@code id, title, body, url, source,
 * publishedAt, language}; unknown fields are ignored. Each line stands alone: a bad line is rejected (malformed
 * JSON, invalid UTF-8, oversize, neither title nor body, impossible date) and the next line is read.
 *
 * <p>A given {@code id} is kept as the item id (evaluation files rely on it); otherwise the id comes from
 * {@link ItemIds}. A missing {@code publishedAt} falls back to the fetch time.
 */
public final class JsonLinesParser implements ItemParser {
  public static final String FORMAT = "jsonl";
  private static final int MAX_ID_LENGTH = 512;
  private static final ObjectReader READER = Json.mapper().reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ParseOptions options;

  public JsonLinesParser(ParseOptions options) {
    this.options = options;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void parse(InputStream in, String origin, ParseSink sink) throws IOException {
    LineReader lines = new LineReader(Archives.open(in), options.maxItemBytes());
    for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
      String where = origin + ":" + line.number();
      if (line.oversize()) {
        sink.reject(new Reject(where, line.bytes(), Reject.OVERSIZE,
            "line of " + line.length() + " bytes exceeds the limit of " + options.maxItemBytes() + " bytes"));
        continue;
      }
      if (line.blank()) {
        continue;
      }
      parseDocument(line.bytes(), where, sink);
    }
  }

  /** Parses one JSON document (an item object) given as bytes; reports an item or a reject. */
  public void parseDocument(byte[] bytes, String where, ParseSink sink) {
    String text;
    try {
      text = LineReader.decodeStrict(bytes);
    } catch (CharacterCodingException e) {
      sink.reject(new Reject(where, bytes, Reject.INVALID_UTF8, "input is not valid UTF-8: " + e.getMessage()));
      return;
    }
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      sink.reject(new Reject(where, bytes, Reject.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()));
      return;
    }
    parseNode(node, bytes, where, sink);
  }

  /** Turns one parsed JSON value into an item or a reject. */
  public void parseNode(JsonNode node, byte[] raw, String where, ParseSink sink) {
    if (node == null || !node.isObject()) {
      sink.reject(new Reject(where, raw, Reject.MALFORMED_JSON,
          "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT))));
      return;
    }
    try {
      sink.item(toItem(node, where));
    } catch (IllegalArgumentException e) {
      String errorClass = e instanceof BadDate ? Reject.BAD_DATE
          : e instanceof EmptyItem ? Reject.EMPTY_ITEM : Reject.BAD_FIELD;
      sink.reject(new Reject(where, raw, errorClass, e.getMessage()));
    }
  }

  private NewsItem toItem(JsonNode node, String where) {
    String title = text(node, "title");
    String body = text(node, "body");
    if (isBlank(title) && isBlank(body)) {
      throw new EmptyItem("item has neither title nor body");
    }
    String url = text(node, "url");
    String source = text(node, "source");
    if (isBlank(source)) {
      source = hostOf(url);
    }
    if (options.sourceName() != null) {
      source = options.sourceName();
    }
    Instant fetchedAt = options.clock().instant();
    String published = text(node, "publishedAt");
    Instant publishedAt;
    if (isBlank(published)) {
      JsonNode n = node.get("publishedAt");
      publishedAt = n != null && n.isIntegralNumber() ? epochMillis(n.asLong()) : fetchedAt;
    } else {
      try {
        publishedAt = Dates.iso(published);
      } catch (IllegalArgumentException e) {
        throw new BadDate("publishedAt: " + e.getMessage());
      }
    }
    String id = text(node, "id");
    if (id != null && id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("id longer than " + MAX_ID_LENGTH + " characters");
    }
    String itemId = isBlank(id) ? ItemIds.of(url, source, null, title, body) : id.strip();
    return NewsItem.newBuilder()
        .setId(itemId)
        .setTitle(nullToEmpty(title))
        .setBody(nullToEmpty(body))
        .setUrl(isBlank(url) ? null : url.strip())
        .setSource(source)
        .setSourceType(options.sourceType() == null ? FORMAT : options.sourceType())
        .setFeed(where.contains(":") ? where.substring(0, where.lastIndexOf(':')) : where)
        .setGuid(isBlank(id) ? null : id.strip())
        .setPublishedAt(publishedAt)
        .setFetchedAt(fetchedAt)
        .setLanguage(isBlank(text(node, "language")) ? null : text(node, "language").strip())
        .build();
  }

  private static Instant epochMillis(long millis) {
    Instant i = Instant.ofEpochMilli(millis);
    return Dates.iso(i.toString());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isContainerNode()) {
      throw new IllegalArgumentException("field " + field + " must be a string, got " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return value.asText();
  }

  static String hostOf(String url) {
    if (!isBlank(url)) {
      try {
        String host = URI.create(url.strip()).getHost();
        if (host != null) {
          host = host.toLowerCase(Locale.ROOT);
          return host.startsWith("www.") ? host.substring(4) : host;
        }
      } catch (IllegalArgumentException ignored) {
        // not a URL: fall through
      }
    }
    return "unknown";
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static final class BadDate extends IllegalArgumentException {
    BadDate(String message) {
      super(message);
    }
  }

  private static final class EmptyItem extends IllegalArgumentException {
    EmptyItem(String message) {
      super(message);
    }
  }
}
