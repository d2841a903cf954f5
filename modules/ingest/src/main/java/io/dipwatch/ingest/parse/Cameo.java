package io.dipwatch.ingest.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translation of GDELT's CAMEO coding into dipwatch terms: event codes to categories and readable descriptions,
 * actor country and known-group codes to dipwatch actor codes. The tables are resource files
 * ({@code cameo-events.tsv}, {@code cameo-actors.tsv}) so that the mapping is reviewable data, documented in
 * docs/GDELT-MAPPING.md.
 */
public final class Cameo {
  private static final String EVENTS = "/io/dipwatch/ingest/gdelt/cameo-events.tsv";
  private static final String ACTORS = "/io/dipwatch/ingest/gdelt/cameo-actors.tsv";
  private static final Cameo DEFAULT = load();
  private static final Set<String> ISO_ALPHA3 = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));

  private record EventCode(List<String> categories, String description) {}

  private final Map<String, EventCode> events;
  private final Map<String, String> countries;
  private final Map<String, String> groups;

  private Cameo(Map<String, EventCode> events, Map<String, String> countries, Map<String, String> groups) {
    this.events = events;
    this.countries = countries;
    this.groups = groups;
  }

  public static Cameo defaults() {
    return DEFAULT;
  }

  /** Categories implied by a CAMEO event code; a code without its own entry takes its three-digit base's. */
  public List<String> categories(String eventCode) {
    return lookup(eventCode).map(EventCode::categories).orElse(List.of());
  }

  /** A readable description of a CAMEO event code, e.g. "impose embargo, boycott or sanctions". */
  public String description(String eventCode) {
    if (eventCode == null || eventCode.isBlank()) {
      return "unspecified event";
    }
    String code = eventCode.strip();
    for (int len = code.length(); len >= 2; len--) {
      EventCode e = events.get(code.substring(0, len));
      if (e != null) {
        return e.description();
      }
    }
    return "event " + code;
  }

  private Optional<EventCode> lookup(String eventCode) {
    if (eventCode == null || eventCode.isBlank()) {
      return Optional.empty();
    }
    String code = eventCode.strip();
    EventCode exact = events.get(code);
    if (exact != null) {
      return Optional.of(exact);
    }
    return code.length() > 3 ? Optional.ofNullable(events.get(code.substring(0, 3))) : Optional.empty();
  }

  /** The dipwatch code of a CAMEO country code (ISO alpha-3 with CAMEO's own exceptions), if it is a state. */
  public Optional<String> country(String cameoCountry) {
    if (cameoCountry == null || cameoCountry.isBlank()) {
      return Optional.empty();
    }
    String code = cameoCountry.strip().toUpperCase(Locale.ROOT);
    String mapped = countries.get(code);
    if (mapped != null) {
      return Optional.of(mapped);
    }
    return ISO_ALPHA3.contains(code) ? Optional.of(code) : Optional.empty();
  }

  /** The dipwatch organisation code of a CAMEO known-group code, if dipwatch tracks it. */
  public Optional<String> group(String knownGroup) {
    if (knownGroup == null || knownGroup.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(groups.get(knownGroup.strip().toUpperCase(Locale.ROOT)));
  }

  /**
   * Actor codes for one CAMEO actor: its country, its known group, and organisations named in the three-letter
   * segments of an IGO actor code ({@code IGOWSTNAT} names NATO).
   */
  public List<String> actors(String actorCode, String countryCode, String knownGroupCode) {
    Set<String> out = new LinkedHashSet<>();
    country(countryCode).ifPresent(out::add);
    group(knownGroupCode).ifPresent(out::add);
    if (actorCode != null && actorCode.startsWith("IGO")) {
      for (int i = 3; i + 3 <= actorCode.length(); i += 3) {
        group(actorCode.substring(i, i + 3)).ifPresent(out::add);
      }
    }
    return new ArrayList<>(out);
  }

  private static Cameo load() {
    Map<String, EventCode> events = new HashMap<>();
    for (String[] f : ResourceTable.rows(EVENTS, 3)) {
      List<String> categories = f[1].equals("-") ? List.of() : Arrays.stream(f[1].split(",")).map(String::strip).toList();
      events.put(f[0], new EventCode(categories, f[2]));
    }
    Map<String, String> countries = new HashMap<>();
    Map<String, String> groups = new HashMap<>();
    for (String[] f : ResourceTable.rows(ACTORS, 3)) {
      (f[0].equals("country") ? countries : groups).put(f[1], f[2]);
    }
    return new Cameo(Map.copyOf(events), Map.copyOf(countries), Map.copyOf(groups));
  }
}
