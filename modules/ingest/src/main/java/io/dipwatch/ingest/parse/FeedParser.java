package io.dipwatch.ingest.parse;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.xml.sax.InputSource;

/**
 * RSS (0.9x, 1.0, 2.0) and Atom (0.3, 1.0) feeds through Rome. DOCTYPE declarations are refused outright
 * ({@link SyndFeedInput#setAllowDoctypes(boolean) allowDoctypes=false}, which makes Rome's SAX builder set
 * {@code disallow-doctype-decl}), so neither external entities (XXE) nor entity expansion (billion laughs) can
 * happen: such a feed is rejected as {@link Reject#FORBIDDEN_DOCTYPE}. HTML in titles and bodies is reduced to
 * text with jsoup. Published date falls back to the updated date, then to the fetch time.
 */
public final class FeedParser implements ItemParser {
  public static final String FORMAT = "rss";

  private final ParseOptions options;

  public FeedParser(ParseOptions options) {
    this.options = options;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void parse(InputStream in, String origin, ParseSink sink) throws IOException {
    byte[] bytes = Archives.open(in).readNBytes(options.maxDocumentBytes() + 1);
    if (bytes.length > options.maxDocumentBytes()) {
      sink.reject(new Reject(origin, bytes, Reject.OVERSIZE,
          "feed exceeds the limit of " + options.maxDocumentBytes() + " bytes"));
      return;
    }
    parse(bytes, origin, sink);
  }

  /** Parses a whole feed document held in memory. */
  public void parse(byte[] bytes, String origin, ParseSink sink) {
    SyndFeed feed;
    try {
      SyndFeedInput input = new SyndFeedInput();
      input.setAllowDoctypes(false);
      input.setXmlHealerOn(false);
      feed = input.build(new InputSource(new ByteArrayInputStream(bytes)));
    } catch (FeedException | IllegalArgumentException | IllegalStateException e) {
      sink.reject(classify(origin, bytes, e));
      return;
    }
    String sourceType = options.sourceType() != null ? options.sourceType()
        : feed.getFeedType() != null && feed.getFeedType().startsWith("atom") ? "atom" : "rss";
    String outlet = options.sourceName() != null ? options.sourceName()
        : !isBlank(feed.getTitle()) ? text(feed.getTitle()) : JsonLinesParser.hostOf(origin);
    String language = isBlank(feed.getLanguage()) ? null : feed.getLanguage().strip().toLowerCase(Locale.ROOT);
    Instant fetchedAt = options.clock().instant();
    int index = 0;
    for (SyndEntry entry : feed.getEntries()) {
      index++;
      String where = origin + "#" + index;
      try {
        toItem(entry, where, origin, outlet, sourceType, language, fetchedAt, sink);
      } catch (RuntimeException e) {
        sink.reject(new Reject(where, describe(entry), Reject.BAD_FIELD,
            "feed entry could not be read: " + e));
      }
    }
  }

  private void toItem(SyndEntry entry, String where, String origin, String outlet, String sourceType,
      String language, Instant fetchedAt, ParseSink sink) {
    String title = text(entry.getTitle());
    String body = body(entry);
    if (title.isBlank() && body.isBlank()) {
      sink.reject(new Reject(where, describe(entry), Reject.EMPTY_ITEM, "feed entry has neither title nor body"));
      return;
    }
    String link = isBlank(entry.getLink()) ? null : entry.getLink().strip();
    String guid = isBlank(entry.getUri()) ? null : entry.getUri().strip();
    Map<String, String> attributes = new HashMap<>();
    Instant publishedAt = Dates.ofNullable(entry.getPublishedDate())
        .or(() -> Dates.ofNullable(entry.getUpdatedDate()))
        .orElseGet(() -> {
          attributes.put("publishedAtEstimated", "true");
          return fetchedAt;
        });
    if (!isBlank(entry.getAuthor())) {
      attributes.put("author", entry.getAuthor().strip());
    }
    sink.item(NewsItem.newBuilder()
        .setId(ItemIds.of(link, outlet, guid, title, body))
        .setTitle(title)
        .setBody(body)
        .setUrl(link)
        .setSource(outlet)
        .setSourceType(sourceType)
        .setFeed(origin)
        .setGuid(guid)
        .setPublishedAt(publishedAt)
        .setFetchedAt(fetchedAt)
        .setLanguage(language)
        .setAttributes(attributes)
        .build());
  }

  /** The longest of the entry's contents and description, as text. */
  private static String body(SyndEntry entry) {
    String best = "";
    if (entry.getContents() != null) {
      for (SyndContent content : entry.getContents()) {
        String t = text(content.getValue());
        if (t.length() > best.length()) {
          best = t;
        }
      }
    }
    if (entry.getDescription() != null) {
      String t = text(entry.getDescription().getValue());
      if (t.length() > best.length()) {
        best = t;
      }
    }
    return best;
  }

  /** HTML (or plain text with entities) reduced to normalised text. */
  static String text(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    return Jsoup.parseBodyFragment(html).text().strip();
  }

  private static Reject classify(String origin, byte[] bytes, Exception e) {
    String message = String.valueOf(e.getMessage());
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String detail = cause == e ? message : message + " (" + cause.getMessage() + ")";
    if (detail.contains("DOCTYPE") || detail.contains("doctype")) {
      return new Reject(origin, bytes, Reject.FORBIDDEN_DOCTYPE,
          "feed declares a DOCTYPE; refused to prevent external entities and entity expansion");
    }
    if (cause instanceof java.nio.charset.CharacterCodingException || detail.contains("UTF-8")
        || detail.contains("byte UTF-8 sequence")) {
      return new Reject(origin, bytes, Reject.INVALID_UTF8, "feed is not valid in its declared encoding: " + detail);
    }
    return new Reject(origin, bytes, Reject.MALFORMED_XML, "not a readable RSS/Atom feed: " + detail);
  }

  private static byte[] describe(SyndEntry entry) {
    String s = "title=" + entry.getTitle() + "\nlink=" + entry.getLink() + "\nguid=" + entry.getUri();
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
