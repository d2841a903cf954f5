package io.dipwatch.ingest.parse;

import io.dipwatch.schema.GdeltFields;
import io.dipwatch.schema.NewsItem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * GDELT 2.0 event export ({@code YYYYMMDDHHMMSS.export.CSV[.zip]}): 61 tab-separated columns per the GDELT 2.0
 * event codebook, no header. A row carries no article text, so the item gets a synthetic title
 * ("Actor1Name — CAMEO event description — Actor2Name") and a descriptive body, and GDELT's own coding is kept in
 * {@link GdeltFields} with the categories and actor codes translated by {@link Cameo}.
 *
 * <p>Id {@code gdelt-<GLOBALEVENTID>}; url = SOURCEURL, so the many rows GDELT derives from one article share
 * the attribute {@code storyKey} (hash of the canonical SOURCEURL). publishedAt = DATEADDED (when GDELT saw the
 * article, the only time that moves with the stream); the event's own SQLDATE is kept as attribute {@code eventDate}.
 */
public final class GdeltEventsParser implements ItemParser {
  public static final String FORMAT = "gdelt-events";
  public static final int COLUMNS = 61;

  static final int GLOBALEVENTID = 0;
  static final int SQLDATE = 1;
  static final int ACTOR1CODE = 5;
  static final int ACTOR1NAME = 6;
  static final int ACTOR1COUNTRYCODE = 7;
  static final int ACTOR1KNOWNGROUPCODE = 8;
  static final int ACTOR2CODE = 15;
  static final int ACTOR2NAME = 16;
  static final int ACTOR2COUNTRYCODE = 17;
  static final int ACTOR2KNOWNGROUPCODE = 18;
  static final int ISROOTEVENT = 25;
  static final int EVENTCODE = 26;
  static final int EVENTBASECODE = 27;
  static final int EVENTROOTCODE = 28;
  static final int QUADCLASS = 29;
  static final int GOLDSTEINSCALE = 30;
  static final int NUMMENTIONS = 31;
  static final int NUMSOURCES = 32;
  static final int NUMARTICLES = 33;
  static final int AVGTONE = 34;
  static final int ACTIONGEO_FULLNAME = 52;
  static final int ACTIONGEO_COUNTRYCODE = 53;
  static final int DATEADDED = 59;
  static final int SOURCEURL = 60;

  private final ParseOptions options;
  private final Cameo cameo;

  public GdeltEventsParser(ParseOptions options) {
    this(options, Cameo.defaults());
  }

  public GdeltEventsParser(ParseOptions options, Cameo cameo) {
    this.options = options;
    this.cameo = cameo;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void parse(InputStream in, String origin, ParseSink sink) throws IOException {
    TabSeparatedRows.read(in, origin, COLUMNS, options.maxItemBytes(), sink,
        (row, where, raw) -> sink.item(toItem(row, origin)));
  }

  private NewsItem toItem(CSVRecord row, String origin) {
    long eventId = GdeltField.requiredLong(row.get(GLOBALEVENTID), "GLOBALEVENTID");
    Instant added = GdeltField.timestamp(row.get(DATEADDED), "DATEADDED");
    Instant eventDate = GdeltField.date(row.get(SQLDATE), "SQLDATE");
    String eventCode = GdeltField.blankToNull(row.get(EVENTCODE));
    if (eventCode == null || !eventCode.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("EventCode must be a CAMEO code of digits, got '" + row.get(EVENTCODE) + "'");
    }
    String sourceUrl = GdeltField.blankToNull(row.get(SOURCEURL));
    Set<String> actors = new LinkedHashSet<>();
    actors.addAll(cameo.actors(row.get(ACTOR1CODE), row.get(ACTOR1COUNTRYCODE), row.get(ACTOR1KNOWNGROUPCODE)));
    actors.addAll(cameo.actors(row.get(ACTOR2CODE), row.get(ACTOR2COUNTRYCODE), row.get(ACTOR2KNOWNGROUPCODE)));
    GdeltFields gdelt = GdeltFields.newBuilder()
        .setGlobalEventId(eventId)
        .setEventCode(eventCode)
        .setEventRootCode(GdeltField.blankToNull(row.get(EVENTROOTCODE)))
        .setActor1Code(GdeltField.blankToNull(row.get(ACTOR1CODE)))
        .setActor1CountryCode(GdeltField.blankToNull(row.get(ACTOR1COUNTRYCODE)))
        .setActor2Code(GdeltField.blankToNull(row.get(ACTOR2CODE)))
        .setActor2CountryCode(GdeltField.blankToNull(row.get(ACTOR2COUNTRYCODE)))
        .setGoldsteinScale(GdeltField.optionalDouble(row.get(GOLDSTEINSCALE), "GoldsteinScale"))
        .setNumSources(GdeltField.optionalInt(row.get(NUMSOURCES), "NumSources"))
        .setNumArticles(GdeltField.optionalInt(row.get(NUMARTICLES), "NumArticles"))
        .setAvgTone(GdeltField.optionalDouble(row.get(AVGTONE), "AvgTone"))
        .setSourceUrl(sourceUrl)
        .setThemes(List.of())
        .setLocations(GdeltField.blankToNull(row.get(ACTIONGEO_FULLNAME)) == null
            ? List.of() : List.of(row.get(ACTIONGEO_FULLNAME).strip()))
        .setMappedCategories(cameo.categories(eventCode))
        .setMappedActors(new ArrayList<>(actors))
        .build();
    String description = cameo.description(eventCode);
    String actor1 = GdeltField.readableName(row.get(ACTOR1NAME));
    String actor2 = GdeltField.readableName(row.get(ACTOR2NAME));
    Map<String, String> attributes = new HashMap<>();
    if (sourceUrl != null) {
      ItemIds.urlKey(sourceUrl).ifPresent(key -> attributes.put("storyKey", key));
    }
    attributes.put("eventDate", eventDate.toString().substring(0, 10));
    putIfPresent(attributes, "quadClass", row.get(QUADCLASS));
    putIfPresent(attributes, "isRootEvent", row.get(ISROOTEVENT));
    putIfPresent(attributes, "eventBaseCode", row.get(EVENTBASECODE));
    putIfPresent(attributes, "numMentions", row.get(NUMMENTIONS));
    putIfPresent(attributes, "actionGeoCountryCode", row.get(ACTIONGEO_COUNTRYCODE));
    String source = options.sourceName() != null ? options.sourceName()
        : sourceUrl == null ? "gdelt" : JsonLinesParser.hostOf(sourceUrl);
    return NewsItem.newBuilder()
        .setId("gdelt-" + eventId)
        .setTitle(title(actor1, description, actor2))
        .setBody(body(actor1, description, actor2, row, eventDate))
        .setUrl(sourceUrl)
        .setSource(source)
        .setSourceType(options.sourceType() == null ? FORMAT : options.sourceType())
        .setFeed(origin)
        .setGuid(Long.toString(eventId))
        .setPublishedAt(added)
        .setFetchedAt(options.clock().instant())
        .setLanguage(null)
        .setGdelt(gdelt)
        .setAttributes(attributes)
        .build();
  }

  private static String title(String actor1, String description, String actor2) {
    StringBuilder t = new StringBuilder();
    if (!actor1.isEmpty()) {
      t.append(actor1).append(" — ");
    }
    t.append(description);
    if (!actor2.isEmpty()) {
      t.append(" — ").append(actor2);
    }
    return t.toString();
  }

  private static String body(String actor1, String description, String actor2, CSVRecord row, Instant eventDate) {
    StringBuilder b = new StringBuilder("GDELT event (CAMEO ").append(row.get(EVENTCODE).strip()).append("): ")
        .append(actor1.isEmpty() ? "an unnamed actor" : actor1).append(" — ").append(description);
    if (!actor2.isEmpty()) {
      b.append(" — ").append(actor2);
    }
    String place = GdeltField.blankToNull(row.get(ACTIONGEO_FULLNAME));
    if (place != null) {
      b.append(", in ").append(place.strip());
    }
    b.append(", on ").append(eventDate.toString(), 0, 10).append('.');
    return b.toString();
  }

  private static void putIfPresent(Map<String, String> attributes, String key, String value) {
    if (value != null && !value.isBlank()) {
      attributes.put(key, value.strip());
    }
  }

}
