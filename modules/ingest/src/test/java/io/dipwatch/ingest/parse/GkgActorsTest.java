package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GkgActorsTest {
  private static final String COUNTRIES = "/io/dipwatch/ingest/gdelt/fips-countries.tsv";
  private final GkgActors actors = GkgActors.defaults();

  @Test
  void fipsCodesThatDifferFromIsoTranslateToTheRightState() {
    String[][] traps = {
        {"AS", "AUS"}, {"AU", "AUT"}, {"GM", "DEU"}, {"SF", "ZAF"}, {"UK", "GBR"}, {"UP", "UKR"}, {"RS", "RUS"},
        {"KN", "PRK"}, {"KS", "KOR"}, {"CH", "CHN"}, {"IS", "ISR"}, {"SZ", "CHE"}, {"SW", "SWE"}, {"BM", "MMR"},
        {"CG", "COD"}, {"CF", "COG"}, {"NI", "NGA"}, {"NG", "NER"}, {"IZ", "IRQ"}, {"IR", "IRN"}, {"SY", "SYR"},
        {"GG", "GEO"}, {"KV", "XKX"}, {"TW", "TWN"}, {"HK", "HKG"}, {"WI", "ESH"}, {"GZ", "PSE"}, {"WE", "PSE"},
        {"OD", "SSD"}, {"RI", "SRB"}, {"MJ", "MNE"}, {"TT", "TLS"}, {"us", "USA"}};
    for (String[] trap : traps) {
      assertThat(actors.country(trap[0])).as(trap[0]).contains(trap[1]);
    }
  }

  @Test
  void placesWithoutAStateOfTheirOwnMapToNothing() {
    for (String fips : List.of("OS", "UF", "UU", "PG", "PF", "PJ", "AX", "DX", "NT", "ZZ", "")) {
      assertThat(actors.country(fips)).as(fips).isEmpty();
    }
    assertThat(actors.country(null)).isEmpty();
  }

  @Test
  void theTableCoversEveryIsoCountryThatHasAFipsCodeAndNamesOnlyValidCodes() {
    Set<String> iso = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3);
    Set<String> mapped = new TreeSet<>();
    for (String[] row : ResourceTable.rows(COUNTRIES, 3)) {
      assertThat(row[0]).as("FIPS 10-4 codes are two capital letters").matches("[A-Z]{2}");
      if (!row[1].equals("-")) {
        assertThat(iso.contains(row[1]) || row[1].equals("XKX")).as(row[0] + " -> " + row[1]).isTrue();
        mapped.add(row[1]);
      }
    }
    Set<String> unreachable = new TreeSet<>(iso);
    unreachable.removeAll(mapped);
    assertThat(unreachable).as("Aland (part of Finland in FIPS) and Bonaire-Sint Eustatius-Saba have no FIPS code")
        .containsExactly("ALA", "BES");
  }

  @Test
  void onlyTheActorTerritoriesMapFromFipsFirstOrderDivisions() {
    assertThat(List.of("UP05", "UP14", "UP11", "UP08", "UP26", "GG02").stream()
        .map(code -> actors.territory(code).orElse("?")).toList())
        .containsExactly("UA-14", "UA-09", "UA-43", "UA-65", "UA-23", "GE-AB");
    for (String other : List.of("UP09", "UP07", "UP12", "UP20", "GG04", "RS48", "USGA")) {
      assertThat(actors.territory(other)).as(other).isEmpty();
    }
  }

  @Test
  void organisationNamesAreMatchedLooselyButOnlyForTheDesignList() {
    assertThat(actors.organization("United Nations Security Council")).contains("UNSC");
    assertThat(actors.organization("  the  European   Union ")).contains("EU");
    assertThat(actors.organization("north atlantic treaty organization")).contains("NATO");
    assertThat(actors.organization("NATO")).contains("NATO");
    assertThat(actors.organization("Organization for Security & Co-operation in Europe")).contains("OSCE");
    assertThat(actors.organization("international atomic energy agency")).contains("IAEA");
    assertThat(actors.organization("african union")).contains("AU");
    assertThat(actors.organization("united nations")).contains("UN");
    for (String notTracked : List.of("arab league", "g20", "opcw", "world bank", "icc", "au", "hamas",
        "korean central news agency", "united nations security council resolution")) {
      assertThat(actors.organization(notTracked)).as(notTracked).isEmpty();
    }
  }

  @Test
  void countriesTerritoriesAndOrganisationsComeOutInFirstSeenOrderWithoutRepeats() {
    String locations = "1#Russia#RS#RS##60#100#RS#120;4#Moscow, Moskva, Russia#RS#RS48##55.75#37.61#-2960561#130;"
        + "5#Donets'ka Oblast', Ukraine#UP#UP05##48#37.8#UP05#300;1#Russia#RS#RS##60#100#RS#410";
    assertThat(actors.actors(locations, List.of("european union", "nato", "european union")))
        .containsExactly("RUS", "UA-14", "EU", "NATO");
    assertThat(actors.actors("garbage;4#;1#Nowhere#ZZ#ZZ##0#0#ZZ#1", List.of())).isEmpty();
    assertThat(actors.actors(null, List.of())).isEmpty();
  }
}
