package io.dipwatch.ingest.parse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Date;
import java.util.Optional;

/**
 * Date parsing shared by the formats, strict on purpose: an impossible date (30 February, hour 25) is an
 * error to report, never silently rolled over to another day; and dates outside 1900..2200 are refused as
 * corrupt rather than sent to break event-time windows downstream.
 */
public final class Dates {
  private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
  private static final DateTimeFormatter GDELT_DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
      .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter GDELT_TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
      .withResolverStyle(ResolverStyle.STRICT);

  private Dates() {}

  /** ISO-8601 instant, offset date-time, date-time without zone (taken as UTC) or date (start of day UTC). */
  public static Instant iso(String text) {
    String s = text.strip();
    Instant result;
    try {
      result = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        result = LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          result = LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException("not an ISO-8601 date: " + abbreviate(s));
        }
      }
    }
    return plausible(result, s);
  }

  /** GDELT {@code YYYYMMDD}. */
  public static Instant gdeltDate(String text) {
    try {
      return plausible(LocalDate.parse(text.strip(), GDELT_DATE).atStartOfDay().toInstant(ZoneOffset.UTC), text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a YYYYMMDD date: " + abbreviate(text));
    }
  }

  /** GDELT {@code YYYYMMDDHHMMSS}, UTC. */
  public static Instant gdeltTimestamp(String text) {
    try {
      return plausible(LocalDateTime.parse(text.strip(), GDELT_TIMESTAMP).toInstant(ZoneOffset.UTC), text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a YYYYMMDDHHMMSS timestamp: " + abbreviate(text));
    }
  }

  /** A date from a library (Rome) that may be absent or implausible. */
  public static Optional<Instant> ofNullable(Date date) {
    if (date == null) {
      return Optional.empty();
    }
    Instant i = date.toInstant();
    return i.isBefore(EARLIEST) || !i.isBefore(LATEST) ? Optional.empty() : Optional.of(i);
  }

  private static Instant plausible(Instant instant, String text) {
    if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
      throw new IllegalArgumentException("date out of range 1900..2200: " + abbreviate(text));
    }
    return instant;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
