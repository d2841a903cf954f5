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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * GDELT Global Knowledge Graph 2.1 ({@code YYYYMMDDHHMMSS.gkg.csv[.zip]}): 27 tab-separated columns per the GKG
 * 2.1 codebook, one row per article. The item is the article: id from its URL (V2DOCUMENTIDENTIFIER) like any
 * other copy of it, title from {@code <PAGE_TITLE>} in V2EXTRASXML, body listing the people and organisations
 * GDELT found (so the classifier can see them), themes and locations kept in {@link GdeltFields} but not in the
 * body (a geocoded city must not read as its state, so places reach the actors only through {@link GkgActors}), actor
 * codes from the geocoded countries, actor territories and tracked organisations ({@link GkgActors}) in
 * {@code mappedActors}. Tone: the first value of V1.5TONE.
 */
public final class GkgParser implements ItemParser {
  public static final String FORMAT = "gdelt-gkg";
  public static final int COLUMNS = 27;

  static final int GKGRECORDID = 0;
  static final int DATE = 1;
  static final int SOURCECOLLECTIONIDENTIFIER = 2;
  static final int SOURCECOMMONNAME = 3;
  static final int DOCUMENTIDENTIFIER = 4;
  static final int THEMES = 7;
  static final int ENHANCEDTHEMES = 8;
  static final int LOCATIONS = 9;
  static final int ENHANCEDLOCATIONS = 10;
  static final int PERSONS = 11;
  static final int ENHANCEDPERSONS = 12;
  static final int ORGANIZATIONS = 13;
  static final int ENHANCEDORGANIZATIONS = 14;
  static final int TONE = 15;
  static final int EXTRASXML = 26;

  private static final Pattern PAGE_TITLE = Pattern.compile("<PAGE_TITLE>(.*?)</PAGE_TITLE>", Pattern.DOTALL);
  private static final int MAX_LIST = 50;

  private final ParseOptions options;
  private final GkgActors actors;

  public GkgParser(ParseOptions options) {
    this(options, GkgActors.defaults());
  }

  public GkgParser(ParseOptions options, GkgActors actors) {
    this.options = options;
    this.actors = actors;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void parse(InputStream in, String origin, ParseSink sink) throws IOException {
    TabSeparatedRows.read(in, origin, COLUMNS, options.maxItemBytes(), sink, (row, where, raw) -> {
      NewsItem item = toItem(row, origin);
      if (item.getTitle().isBlank() && item.getBody().isBlank()) {
        sink.reject(new Reject(where, raw, Reject.EMPTY_ITEM, "GKG row has no page title and no entities"));
      } else {
        sink.item(item);
      }
    });
  }

  private NewsItem toItem(CSVRecord row, String origin) {
    String recordId = GdeltField.blankToNull(row.get(GKGRECORDID));
    if (recordId == null) {
      throw new IllegalArgumentException("GKGRECORDID is empty");
    }
    Instant date = GdeltField.timestamp(row.get(DATE), "V2.1DATE");
    String document = GdeltField.blankToNull(row.get(DOCUMENTIDENTIFIER));
    boolean web = "1".equals(GdeltField.blankToNull(row.get(SOURCECOLLECTIONIDENTIFIER)));
    String url = web ? document : null;
    String source = options.sourceName() != null ? options.sourceName()
        : GdeltField.blankToNull(row.get(SOURCECOMMONNAME)) != null ? row.get(SOURCECOMMONNAME).strip() : "gdelt";
    String title = pageTitle(row.get(EXTRASXML));
    List<String> themes = themes(row.get(THEMES), row.get(ENHANCEDTHEMES));
    List<String> locations = locations(row.get(LOCATIONS));
    List<String> persons = names(row.get(PERSONS), row.get(ENHANCEDPERSONS));
    List<String> organizations = names(row.get(ORGANIZATIONS), row.get(ENHANCEDORGANIZATIONS));
    String geocoded = GdeltField.blankToNull(row.get(ENHANCEDLOCATIONS)) != null ? row.get(ENHANCEDLOCATIONS)
        : row.get(LOCATIONS);
    Double tone = tone(row.get(TONE));
    GdeltFields gdelt = GdeltFields.newBuilder()
        .setSourceUrl(url)
        .setAvgTone(tone)
        .setThemes(themes)
        .setLocations(locations)
        .setMappedCategories(List.of())
        .setMappedActors(actors.actors(geocoded, organizations))
        .build();
    Map<String, String> attributes = new HashMap<>();
    attributes.put("gkgRecordId", recordId);
    if (url != null) {
      ItemIds.urlKey(url).ifPresent(key -> attributes.put("storyKey", key));
    } else if (document != null) {
      attributes.put("documentIdentifier", document);
    }
    return NewsItem.newBuilder()
        .setId(ItemIds.of(url, source, recordId, title, ""))
        .setTitle(title)
        .setBody(body(persons, organizations))
        .setUrl(url)
        .setSource(source)
        .setSourceType(options.sourceType() == null ? FORMAT : options.sourceType())
        .setFeed(origin)
        .setGuid(recordId)
        .setPublishedAt(date)
        .setFetchedAt(options.clock().instant())
        .setLanguage(null)
        .setGdelt(gdelt)
        .setAttributes(attributes)
        .build();
  }

  private static String pageTitle(String extras) {
    if (extras == null) {
      return "";
    }
    Matcher m = PAGE_TITLE.matcher(extras);
    return m.find() ? FeedParser.text(m.group(1)) : "";
  }

  /** V1THEMES ({@code A;B;C}), else V2ENHANCEDTHEMES without the offsets ({@code A,123;B,456}). */
  private static List<String> themes(String v1, String v2) {
    Set<String> out = new LinkedHashSet<>();
    String source = v1 != null && !v1.isBlank() ? v1 : v2;
    if (source != null) {
      for (String block : source.split(";")) {
        String theme = block.split(",", 2)[0].strip();
        if (!theme.isEmpty() && out.size() < MAX_LIST * 4) {
          out.add(theme);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** V1LOCATIONS blocks {@code type#FullName#CountryCode#ADM1#Lat#Long#FeatureID}: the full names, distinct. */
  private static List<String> locations(String v1) {
    Set<String> out = new LinkedHashSet<>();
    if (v1 != null) {
      for (String block : v1.split(";")) {
        String[] parts = block.split("#", -1);
        if (parts.length >= 2 && !parts[1].isBlank() && out.size() < MAX_LIST) {
          out.add(parts[1].strip());
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** V1 names ({@code a;b}), else the V2ENHANCED form without the offsets ({@code a,120;b,300}); distinct. */
  private static List<String> names(String v1, String v2) {
    Set<String> out = new LinkedHashSet<>();
    boolean enhanced = (v1 == null || v1.isBlank()) && v2 != null;
    String source = enhanced ? v2 : v1;
    if (source != null) {
      for (String block : source.split(";")) {
        int comma = block.lastIndexOf(',');
        String name = enhanced && comma >= 0 ? block.substring(0, comma) : block;
        if (!name.isBlank() && out.size() < MAX_LIST) {
          out.add(name.strip());
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static Double tone(String v15) {
    if (v15 == null || v15.isBlank()) {
      return null;
    }
    return GdeltField.optionalDouble(v15.split(",", 2)[0], "V1.5TONE");
  }

  private static String body(List<String> persons, List<String> organizations) {
    List<String> parts = new ArrayList<>();
    if (!persons.isEmpty()) {
      parts.add("People: " + String.join(", ", persons) + ".");
    }
    if (!organizations.isEmpty()) {
      parts.add("Organisations: " + String.join(", ", organizations) + ".");
    }
    return String.join(" ", parts);
  }
}
