package io.dipwatch.ingest.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Actor codes of a GKG 2.1 article, from what GDELT geocoded and named in it. GKG locations carry FIPS 10-4 codes,
 * not ISO, so they go through {@code fips-countries.tsv}; the actor rules decide which locations count: a country
 * match (type 1) is an actor, a city or landmark (types 3, 4) does not add its state, and a first-order division
 * (types 2, 5) adds a code only when it is one of the actor territories of {@code gkg-actors.tsv}. Organisations are
 * looked up by name in the same file, limited to the DESIGN.md list. Documented in docs/GDELT-MAPPING.md.
 */
public final class GkgActors {
  private static final String COUNTRIES = "/io/dipwatch/ingest/gdelt/fips-countries.tsv";
  private static final String ACTORS = "/io/dipwatch/ingest/gdelt/gkg-actors.tsv";
  private static final String NO_ACTOR = "-";
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final GkgActors DEFAULT = load();

  /** GKG location types (codebook: 1=COUNTRY, 2=USSTATE, 3=USCITY, 4=WORLDCITY, 5=WORLDSTATE). */
  static final String COUNTRY = "1";
  static final String US_STATE = "2";
  static final String WORLD_STATE = "5";

  private final Map<String, String> countries;
  private final Map<String, String> territories;
  private final Map<String, String> organizations;

  private GkgActors(Map<String, String> countries, Map<String, String> territories,
      Map<String, String> organizations) {
    this.countries = countries;
    this.territories = territories;
    this.organizations = organizations;
  }

  public static GkgActors defaults() {
    return DEFAULT;
  }

  /** The state code of a FIPS 10-4 country code ({@code RS} → {@code RUS}), if it is one dipwatch tracks. */
  public Optional<String> country(String fips) {
    return fips == null ? Optional.empty() : Optional.ofNullable(countries.get(fips.strip().toUpperCase(Locale.ROOT)));
  }

  /** The ISO 3166-2 code of a FIPS ADM1 code ({@code UP05} → {@code UA-14}), if it is an actor territory. */
  public Optional<String> territory(String adm1) {
    return adm1 == null ? Optional.empty()
        : Optional.ofNullable(territories.get(adm1.strip().toUpperCase(Locale.ROOT)));
  }

  /** The organisation code of a GKG organisation name ("united nations security council" → UNSC), if listed. */
  public Optional<String> organization(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(organizations.get(normalise(name)));
  }

  /**
   * Actor codes in first-seen order, without repeats: places first, then organisations.
   *
   * @param locations a V2ENHANCEDLOCATIONS or V1LOCATIONS field: {@code ;}-separated blocks of
   *     {@code type#FullName#CountryCode#ADM1Code#...} (both layouts start with these four)
   * @param organizations organisation names as GDELT extracted them
   */
  public List<String> actors(String locations, List<String> organizations) {
    Set<String> out = new LinkedHashSet<>();
    if (locations != null) {
      for (String block : locations.split(";")) {
        String[] f = block.split("#", -1);
        if (f.length < 4) {
          continue;
        }
        String type = f[0].strip();
        if (type.equals(COUNTRY)) {
          country(f[2]).ifPresent(out::add);
        } else if (type.equals(WORLD_STATE) || type.equals(US_STATE)) {
          territory(f[3]).ifPresent(out::add);
        }
      }
    }
    for (String name : organizations) {
      organization(name).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }

  static String normalise(String name) {
    String s = SPACES.matcher(name.replace("&", " and ").toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    return s.startsWith("the ") ? s.substring(4) : s;
  }

  private static GkgActors load() {
    Map<String, String> countries = new HashMap<>();
    Set<String> listed = new HashSet<>();
    for (String[] f : ResourceTable.rows(COUNTRIES, 3)) {
      if (!listed.add(f[0])) {
        throw new IllegalStateException(COUNTRIES + ": FIPS code " + f[0] + " listed twice");
      }
      if (!f[1].equals(NO_ACTOR)) {
        countries.put(f[0], f[1]);
      }
    }
    Map<String, String> territories = new HashMap<>();
    Map<String, String> organizations = new HashMap<>();
    for (String[] f : ResourceTable.rows(ACTORS, 3)) {
      switch (f[0]) {
        case "adm1" -> territories.put(f[1], f[2]);
        case "org" -> organizations.put(normalise(f[1]), f[2]);
        default -> throw new IllegalStateException(ACTORS + ": unknown kind " + f[0]);
      }
    }
    return new GkgActors(Map.copyOf(countries), Map.copyOf(territories), Map.copyOf(organizations));
  }
}
