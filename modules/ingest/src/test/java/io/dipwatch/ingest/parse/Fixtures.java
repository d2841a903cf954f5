package io.dipwatch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test fixtures under src/test/resources/fixtures and a fixed clock. */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2025-03-01T13:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {}

  public static InputStream stream(String name) {
    InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    return in;
  }

  public static byte[] bytes(String name) {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ParseOptions options() {
    return ParseOptions.defaults().withClock(CLOCK);
  }

  public static ParseSink.Collecting parse(String format, String fixture) {
    ParseSink.Collecting sink = ParseSink.collecting();
    try (InputStream in = stream(fixture)) {
      Formats.parser(format, options()).parse(in, fixture, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }
}
