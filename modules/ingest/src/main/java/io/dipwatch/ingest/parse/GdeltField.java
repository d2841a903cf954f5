package io.dipwatch.ingest.parse;

import java.time.Instant;
import java.util.Locale;

/** Field conversions shared by the GDELT formats; every failure names the column it came from. */
final class GdeltField {
  private GdeltField() {}

  /** A date that does not exist or is out of range. */
  static final class BadDate extends IllegalArgumentException {
    BadDate(String message) {
      super(message);
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  static long requiredLong(String s, String column) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: '" + Dates.abbreviate(s) + "'");
    }
  }

  static Integer optionalInt(String s, String column) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not an integer: '" + Dates.abbreviate(s) + "'");
    }
  }

  static Double optionalDouble(String s, String column) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      double d = Double.parseDouble(s.strip());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: '" + Dates.abbreviate(s) + "'");
    }
  }

  static Instant timestamp(String s, String column) {
    try {
      return Dates.gdeltTimestamp(s);
    } catch (IllegalArgumentException e) {
      throw new BadDate(column + ": " + e.getMessage());
    }
  }

  static Instant date(String s, String column) {
    try {
      return Dates.gdeltDate(s);
    } catch (IllegalArgumentException e) {
      throw new BadDate(column + ": " + e.getMessage());
    }
  }

  /** GDELT's upper-case actor names ("UNITED STATES") in title case ("United States"). */
  static String readableName(String name) {
    if (name == null || name.isBlank()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String word : name.strip().toLowerCase(Locale.ROOT).split("\\s+")) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.toString();
  }
}
