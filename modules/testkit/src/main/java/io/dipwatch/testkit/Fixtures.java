package io.dipwatch.testkit;

import io.dipwatch.schema.NewsItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * News items for tests, built around the worked example of DESIGN.md (North Korean workers for the Donbas),
 * served from the classpath so tests run the same in a fresh clone.
 */
public final class Fixtures {
  /** Headline of the seed article. */
  public static final String SEED_TITLE = "North Korea may send workers to Russian-occupied Donbas";
  private static final String SEED_RESOURCE = "/fixtures/seed-article-donbas-labour.txt";

  private Fixtures() {}

  /** The full text of the seed article (the body of {@link #seedItem}). */
  public static String seedArticle() {
    return resource(SEED_RESOURCE);
  }

  /** The seed article as a news item with the given id, source and publication time. */
  public static NewsItem seedItem(String id, String source, Instant publishedAt) {
    return item(id, SEED_TITLE, seedArticle(), source, publishedAt);
  }

  /**
   * A news item as ingest would produce it from a JSON line: English, no URL, fetched when published.
   * The time is cut to milliseconds, the precision Avro keeps, so items compare equal after a round trip.
   */
  public static NewsItem item(String id, String title, String body, String source, Instant publishedAt) {
    Instant at = publishedAt.truncatedTo(ChronoUnit.MILLIS);
    return NewsItem.newBuilder()
        .setId(id)
        .setTitle(title)
        .setBody(body)
        .setSource(source)
        .setSourceType("jsonl")
        .setPublishedAt(at)
        .setFetchedAt(at)
        .setLanguage("en")
        .build();
  }

  /** A UTF-8 text resource from the classpath, e.g. {@code /fixtures/seed-article-donbas-labour.txt}. */
  public static String resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
