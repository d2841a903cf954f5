package io.dipwatch.classify.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dipwatch.core.json.Json;
import io.dipwatch.schema.NewsItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One labelled item of an evaluation file: the JSON-lines item shape of DESIGN.md plus the expected
 * {@code labels} (categories) and {@code actors}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GoldItem(String id, String title, String body, String url, String source, String publishedAt,
    String language, List<String> labels, List<String> actors) {

  public GoldItem {
    title = title == null ? "" : title;
    body = body == null ? "" : body;
    labels = labels == null ? List.of() : List.copyOf(labels);
    actors = actors == null ? List.of() : List.copyOf(actors);
  }

  /** Reads a JSON-lines file; blank lines are skipped, a malformed line fails with its line number. */
  public static List<GoldItem> readJsonl(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      return readJsonl(reader, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gold file " + file, e);
    }
  }

  /** Reads JSON lines from a reader; {@code origin} names it in error messages. */
  public static List<GoldItem> readJsonl(Reader in, String origin) throws IOException {
    ObjectMapper mapper = Json.mapper();
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<GoldItem> items = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        GoldItem item = mapper.readValue(line, GoldItem.class);
        items.add(item.id() == null ? item.withId(origin + ":" + number) : item);
      } catch (IOException e) {
        throw new IllegalArgumentException(origin + " line " + number + ": not a gold item: " + e.getMessage(), e);
      }
    }
    return items;
  }

  private GoldItem withId(String newId) {
    return new GoldItem(newId, title, body, url, source, publishedAt, language, labels, actors);
  }

  /** The news item the classifier sees (labels and actors left out). */
  public NewsItem toNewsItem() {
    Instant published = parseInstant(publishedAt);
    return NewsItem.newBuilder()
        .setId(id)
        .setTitle(title)
        .setBody(body)
        .setUrl(url)
        .setSource(source == null ? "eval" : source)
        .setSourceType("jsonl")
        .setPublishedAt(published)
        .setFetchedAt(published)
        .setLanguage(language)
        .setAttributes(Map.of())
        .build();
  }

  private static Instant parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (RuntimeException again) {
        return Instant.EPOCH;
      }
    }
  }
}
