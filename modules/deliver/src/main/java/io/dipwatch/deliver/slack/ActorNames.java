package io.dipwatch.deliver.slack;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;

/**
 * How an actor code reads to a duty officer: the flag and English name of a state (ISO 3166-1 alpha-3,
 * mapped to alpha-2 through {@link Locale}), the parent flag of a territory (ISO 3166-2) and the name of an
 * organisation. Unknown codes are shown as they are.
 */
public final class ActorNames {
  private static final Map<String, String> ALPHA3_TO_ALPHA2 = new HashMap<>();
  private static final Map<String, String> ORGANISATIONS = Map.ofEntries(
      Map.entry("UN", "United Nations"), Map.entry("UNSC", "UN Security Council"),
      Map.entry("EU", "European Union"), Map.entry("NATO", "NATO"),
      Map.entry("IAEA", "IAEA"), Map.entry("AU", "African Union"), Map.entry("ASEAN", "ASEAN"),
      Map.entry("G7", "G7"), Map.entry("OSCE", "OSCE"), Map.entry("ICC", "International Criminal Court"),
      Map.entry("WTO", "World Trade Organization"), Map.entry("IMF", "International Monetary Fund"));
  private static final Map<String, String> TERRITORIES = Map.of(
      "UA-14", "Donetsk", "UA-09", "Luhansk", "UA-43", "Crimea", "UA-23", "Zaporizhzhia", "UA-65", "Kherson");

  static {
    for (String alpha2 : Locale.getISOCountries()) {
      try {
        ALPHA3_TO_ALPHA2.put(new Locale("", alpha2).getISO3Country(), alpha2);
      } catch (MissingResourceException e) {
        // a country without an alpha-3 code cannot appear as an actor
      }
    }
    ALPHA3_TO_ALPHA2.put("XKX", "XK");
  }

  private ActorNames() {}

  /** "🇰🇵 North Korea", "🇺🇦 Donetsk", "🇪🇺 European Union", "NATO", or the code itself. */
  public static String display(String code) {
    if (code == null || code.isBlank()) {
      return "";
    }
    String alpha2 = ALPHA3_TO_ALPHA2.get(code);
    if (alpha2 != null) {
      return flag(alpha2) + " " + new Locale("", alpha2).getDisplayCountry(Locale.ENGLISH);
    }
    int dash = code.indexOf('-');
    if (dash == 2 && Character.isLetter(code.charAt(0)) && Character.isLetter(code.charAt(1))) {
      return flag(code.substring(0, 2)) + " " + TERRITORIES.getOrDefault(code, code);
    }
    String organisation = ORGANISATIONS.get(code);
    if (organisation != null) {
      return code.equals("EU") ? flag("EU") + " " + organisation : organisation;
    }
    return code;
  }

  /** The regional-indicator pair for a two-letter code. */
  static String flag(String alpha2) {
    StringBuilder flag = new StringBuilder(4);
    for (char c : alpha2.toUpperCase(Locale.ROOT).toCharArray()) {
      flag.appendCodePoint(0x1F1E6 + (c - 'A'));
    }
    return flag.toString();
  }
}
