package io.dipwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.schema.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
  static final Classifier CLASSIFIER = Classifier.fromDefaults();

  static NewsItem item(String id, String title, String body) {
    return NewsItem.newBuilder().setId(id).setTitle(title).setBody(body).setSource("test")
        .setPublishedAt(Instant.parse("2026-11-01T00:00:00Z")).setFetchedAt(Instant.parse("2026-11-01T00:00:00Z"))
        .build();
  }

  static String seedArticle() throws IOException {
    try (var in = ClassifierTest.class.getResourceAsStream("/seed-article-donbas-labour.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  static List<String> categories(ClassifiedEvent e) {
    return e.getCategories().stream().map(CategoryScore::getName).toList();
  }

  static List<String> categories(String title, String body) {
    return categories(CLASSIFIER.classify(item("t", title, body)));
  }

  /** The shipped rules with {@code yaml} as the user's taxonomy override. */
  static Classifier withTaxonomyOverride(Path dir, String yaml) throws IOException {
    Path taxonomy = dir.resolve("taxonomy.yaml");
    Files.writeString(taxonomy, yaml);
    return Classifier.fromFiles(taxonomy, null);
  }

  static List<String> actors(String title, String body) {
    return CLASSIFIER.classify(item("t", title, body)).getActors();
  }

  @Test
  void seedArticleCarriesAllFourCategoriesAndItsActors() throws IOException {
    ClassifiedEvent e = CLASSIFIER.classify(item("seed", "", seedArticle()));
    assertThat(categories(e)).containsExactlyInAnyOrder("SANCTIONS", "RECOGNITION", "LABOUR_MIGRATION",
        "WEAPONS_DEVELOPMENT");
    assertThat(e.getActors()).contains("PRK", "RUS", "UA-14", "UA-09", "SYR", "UNSC", "USA", "CHN");
    assertThat(e.getActors()).isSorted();
    assertThat(e.getStoryId()).isEqualTo("seed");
    assertThat(e.getRulesVersion()).isEqualTo(CLASSIFIER.rulesVersion()).startsWith("taxonomy:");
  }

  @Test
  void evidenceSpansPointIntoTheOriginalText() throws IOException {
    String body = seedArticle();
    String title = "North Korea may send workers to Donbas";
    ClassifiedEvent e = CLASSIFIER.classify(item("seed", title, body));
    for (CategoryScore c : e.getCategories()) {
      assertThat(c.getEvidence()).isNotEmpty();
      assertThat(c.getScore()).isBetween(0.5, 1.0);
      for (Span s : c.getEvidence()) {
        String field = s.getField().equals("title") ? title : body;
        assertThat(field.substring(s.getStart(), s.getEnd())).isEqualTo(s.getText());
        assertThat(s.getRule()).startsWith(c.getName() + ":");
      }
    }
    e.getActorMentions().forEach(m -> {
      String field = m.getSpan().getField().equals("title") ? title : body;
      assertThat(field.substring(m.getSpan().getStart(), m.getSpan().getEnd())).isEqualTo(m.getSpan().getText());
    });
  }

  @Test
  void inflectedFormsMatch() {
    assertThat(categories("Washington sanctioned three Iranian banks", "")).contains("SANCTIONS");
    assertThat(categories("Japan imposes new sanctions on Russia", "")).contains("SANCTIONS");
    assertThat(categories("Pyongyang test-fired an intercontinental ballistic missile", "")).contains("WEAPONS_DEVELOPMENT");
    assertThat(categories("Iran is enriching uranium to 60%, inspectors say", "")).contains("WEAPONS_DEVELOPMENT");
    assertThat(categories("Country X recognized the independence of the breakaway region", "")).contains("RECOGNITION");
  }

  @Test
  void sportsAndDisciplinarySanctionsAreNotSanctions() {
    assertThat(categories("Football federation sanctions club after fans' chanting",
        "The league's disciplinary committee fined the club and ordered a partial stadium closure.")).isEmpty();
    assertThat(categories("Sprinter sanctioned for doping violation", "The athlete was banned for four years.")).isEmpty();
  }

  @Test
  void recognitionAsAnAwardOrTechnologyIsNotDiplomaticRecognition() {
    assertThat(categories("Veteran diplomat receives lifetime recognition award", "")).isEmpty();
    assertThat(categories("Police expand facial recognition cameras in London", "")).isEmpty();
    assertThat(categories("Spain recognises the State of Palestine", "")).containsExactly("RECOGNITION");
  }

  @Test
  void aNegativeContextInsideALongerPositivePhraseDoesNotExcludeIt() {
    // "intercepted" (a battlefield context) and "intercept test" share the stem; the longer phrase is the evidence.
    assertThat(categories("Japan conducts intercept test of new missile defence system", ""))
        .contains("WEAPONS_DEVELOPMENT");
    assertThat(categories("Missiles intercepted over Kyiv as air raid sirens sound", "")).isEmpty();
  }

  @Test
  void armsIsNotTheArmOfACompanyOrAnArmedConflict() {
    assertThat(categories("Conglomerate sells ports arm to investor group", "")).isEmpty();
    assertThat(categories("Ecuador declares internal armed conflict after studio raid",
        "The president ordered the military to neutralise gangs.")).isEmpty();
    assertThat(categories("Germany approves arms sales to Saudi Arabia", "")).contains("WEAPONS_DEVELOPMENT");
  }

  @Test
  void shellsShippedAreATransferNotShelling() {
    assertThat(categories("Pyongyang sent millions of artillery shells to Russia, Seoul says", ""))
        .contains("WEAPONS_DEVELOPMENT");
    assertThat(categories("Heavy shelling of Kharkiv kills three", "")).isEmpty();
  }

  @Test
  void evidenceDatedToAnEarlierYearIsBackground() {
    String title = "Honduran president opens trade fair";
    String body = "Honduras, which switched diplomatic recognition to Beijing in 2023, hosted buyers from China.";
    NewsItem later = NewsItem.newBuilder(item("later", title, body))
        .setPublishedAt(Instant.parse("2025-05-01T00:00:00Z")).build();
    NewsItem sameYear = NewsItem.newBuilder(item("same", title, body))
        .setPublishedAt(Instant.parse("2023-05-01T00:00:00Z")).build();
    assertThat(categories(CLASSIFIER.classify(later))).isEmpty();
    assertThat(categories(CLASSIFIER.classify(sameYear))).containsExactly("RECOGNITION");
    // A date in another clause dates that clause only.
    NewsItem otherClause = NewsItem.newBuilder(item("clause", "Sudan and Iran resume ties",
        "Sudan and Iran announced the resumption of diplomatic relations, severed in 2016, as the war went on."))
        .setPublishedAt(Instant.parse("2023-10-09T00:00:00Z")).build();
    assertThat(categories(CLASSIFIER.classify(otherClause))).containsExactly("RECOGNITION");
  }

  @Test
  void refugeesAreNotLabourMigration() {
    assertThat(categories("Boat carrying refugees capsizes off Lampedusa",
        "Hundreds of migrants and asylum seekers were rescued at sea.")).isEmpty();
    assertThat(categories("Malaysia to recruit 10,000 foreign workers from Bangladesh", "")).contains("LABOUR_MIGRATION");
  }

  @Test
  void weaponsUsedInBattleAreNotWeaponsDevelopment() {
    assertThat(categories("Missiles strike apartment block in Kharkiv",
        "Russian forces launched missiles and drones overnight, killing four civilians, officials said.")).isEmpty();
    assertThat(categories("North Korea test-fires new solid-fuel ICBM", "")).contains("WEAPONS_DEVELOPMENT");
  }

  @Test
  void nuclearPowerIsNotAWeaponsProgramme() {
    assertThat(categories("Poland picks site for its first nuclear power plant",
        "The reactor will supply electricity from 2036, the energy ministry said.")).isEmpty();
  }

  @Test
  void aBackgroundMentionDoesNotMakeABusinessStoryAboutSanctions() {
    assertThat(categories("Shares of a Moscow lender rise after strong quarter",
        "The lender, under US sanctions since 2022, reported a 12% rise in quarterly profit, driven by retail lending."))
        .isEmpty();
    assertThat(categories("Economy slows", "Inflation in the country, previously under sanctions, slowed to 30%."))
        .isEmpty();
    assertThat(categories("EU imposes sanctions on Iranian drone makers",
        "The European Union imposed sanctions on six Iranian firms it said supplied drones to Russia."))
        .contains("SANCTIONS");
  }

  @Test
  void weakTriggersNeedAStateOrOrganisationInTheSameSentence() {
    assertThat(categories("Phone maker lifts review embargo", "Reviewers may publish their battery tests from Tuesday."))
        .isEmpty();
    assertThat(categories("Study finds faster decline", "The paper is embargoed until 23:30 BST Wednesday.")).isEmpty();
    assertThat(categories("Province blacklists 30 contractors over shoddy roadwork",
        "The firms are barred from tenders for two years.")).isEmpty();
    assertThat(categories("US imposes embargo on Venezuelan oil", "")).containsExactly("SANCTIONS");
    assertThat(categories("Treasury blacklists Iranian oil network", "")).containsExactly("SANCTIONS");
    // the trigger and the state are in different sentences: not about each other
    assertThat(categories("Markets calm", "Trading in sanctions-related swaps was thin. Russia's rouble rose.")).isEmpty();
  }

  @Test
  void domesticSensesOfSanctionFreezeAndOrdersAreNotCategories() {
    assertThat(categories("Government sanctions new ferry route to the islands",
        "The cabinet sanctioned the purchase of a second vessel for the service.")).isEmpty();
    assertThat(categories("Central bank sanctions five lenders over reporting lapses",
        "The regulator imposed penalties on the banks.")).isEmpty();
    assertThat(categories("Court freezes assets of former minister in fertiliser scandal",
        "A magistrate froze three properties pending trial.")).isEmpty();
    assertThat(categories("Gulf airline orders 30 widebody jets", "The flag carrier expands its long-haul fleet."))
        .isEmpty();
    assertThat(categories("Turkey orders 40 F-16 fighter jets", "")).containsExactly("WEAPONS_DEVELOPMENT");
  }

  @Test
  void unionsAwardsAndSportsAreNotDiplomaticRecognition() {
    assertThat(categories("Government formally recognises breakaway teachers' union", "")).isEmpty();
    assertThat(categories("Reporter recognised with journalism award", "The jury recognised her for her reporting."))
        .isEmpty();
    assertThat(categories("Kosovo beat Romania in Nations League match",
        "Several states, including Spain, do not recognise Kosovo.")).isEmpty();
    assertThat(categories("Paraguay formally recognises Kosovo", "")).containsExactly("RECOGNITION");
  }

  @Test
  void oneMentionCountsOnceHoweverManyRulesMatchIt() {
    String filler = "The ministry published its quarterly figures on growth, housing, transport and schools, and "
        + "officials said the budget would be presented to parliament next month after a long consultation with "
        + "regional governors, business groups and trade unions about spending priorities for the coming year. ";
    String late = filler + filler + "Separately, it noted the sanctions on Iran.";
    assertThat(categories("Quarterly figures published", late)).isEmpty();
    assertThat(categories("Quarterly figures published", "It announced new sanctions on Iran. " + filler))
        .containsExactly("SANCTIONS");
  }

  @Test
  void vocabularyBeyondTheObviousKeywords() {
    assertThat(categories("North Korea test-fires hypersonic missile", "State media said the launch succeeded."))
        .containsExactly("WEAPONS_DEVELOPMENT");
    assertThat(categories("Commerce adds 30 Chinese firms to entity list", "The firms lose access to US chips."))
        .containsExactly("SANCTIONS");
    assertThat(categories("Bhutan and Israel establish diplomatic relations", "The ministries signed a communique."))
        .containsExactly("RECOGNITION");
    assertThat(categories("EU says it cannot recognise the junta's win", "Ministers met in Brussels."))
        .containsExactly("RECOGNITION");
    assertThat(categories("New rule raises wages for H-2A farmworkers", "Most come from Mexico."))
        .containsExactly("LABOUR_MIGRATION");
  }

  @Test
  void domesticLabourAndStrikesOnSitesAreNotCategories() {
    assertThat(categories("Migrant workers head back to coastal factories after Lunar New Year",
        "Factories in Guangdong raised wages to lure migrant workers back from their hometowns.")).isEmpty();
    assertThat(categories("Junior doctors in England begin four-day strike", "The union rejected the pay offer."))
        .isEmpty();
    assertThat(categories("Israel strikes Natanz enrichment site, kills commanders", "Explosions were heard."))
        .doesNotContain("WEAPONS_DEVELOPMENT");
    assertThat(categories("Drills simulate blockade of the island", "The navy said the exercise tested readiness."))
        .isEmpty();
    assertThat(categories("National Assembly sanctions Rs1.4tr for development projects",
        "Pakistan's lawmakers approved the budget.")).isEmpty();
  }

  @Test
  void shortAcronymsMatchOnlyInCapitals() {
    assertThat(actors("US and UN officials met EU envoys", "")).containsExactly("EU", "UN", "USA");
    assertThat(actors("Let us meet un-named officials", "")).isEmpty();
  }

  @Test
  void longestAliasWins() {
    assertThat(actors("South Korea and North Korea", "")).containsExactly("KOR", "PRK");
    assertThat(actors("United Nations Security Council meets", "")).containsExactly("UNSC");
    assertThat(actors("Wildfires in New Mexico", "")).isEmpty();
    assertThat(actors("Envoys of the Donetsk People's Republic and the LPR", "")).containsExactly("UA-09", "UA-14");
  }

  @Test
  void aliasesDemonymsAndTransliterationsResolveToCodes() {
    assertThat(actors("N Korea's envoy and a North Korean delegation, DPRK officials said", "")).containsExactly("PRK");
    assertThat(actors("Fighting in Lugansk: Kiev said talks had failed", "")).containsExactly("UA-09", "UKR");
    assertThat(actors("Separatists in the Donbas", "")).containsExactly("UA-09", "UA-14");
    assertThat(CLASSIFIER.classify(item("d", "", "KYIV, May 2 (Reuters) - Officials met in the city.")).getActors())
        .as("a dateline names where the story was filed").isEmpty();
    assertThat(actors("The Kremlin and the White House", "")).containsExactly("RUS", "USA");
  }

  @Test
  void capitalsCountOnlyAsGovernments() {
    assertThat(actors("Pyongyang said it would respond", "")).containsExactly("PRK");
    assertThat(actors("A Paris-based analyst commented", "")).isEmpty();
    assertThat(actors("She grew up in Beijing before moving", "")).isEmpty();
    assertThat(actors("The actor was born in Georgia", "")).isEmpty();
  }

  @Test
  void placeNamesAreCaseSensitive() {
    assertThat(actors("We ate turkey and a guinea fowl", "")).isEmpty();
    assertThat(actors("Turkey and Guinea sign an accord", "")).containsExactly("GIN", "TUR");
  }

  @Test
  void georgiaTheUsStateIsNotTheCountry() {
    assertThat(actors("Workers detained at a plant near Savannah, Georgia", "")).containsExactly("USA");
    assertThat(actors("Georgia and Russia hold talks on Abkhazia", "")).contains("GEO", "RUS");
  }

  @Test
  void actorsCodedByGdeltAreKept() {
    NewsItem row = item("gdelt-1", "Officials meet", "");
    row.setGdelt(io.dipwatch.schema.GdeltFields.newBuilder().setMappedActors(List.of("IRN", "USA")).build());
    assertThat(CLASSIFIER.classify(row).getActors()).containsExactly("IRN", "USA");
  }

  @Test
  void mostNewsCarriesNoCategory() {
    assertThat(categories("Central bank holds interest rates steady", "Inflation eased to 2.1% in October.")).isEmpty();
    assertThat(categories("", "")).isEmpty();
  }

  @Test
  void userOverrideAddsACategoryAndReplacesAnother(@TempDir Path dir) throws IOException {
    Classifier custom = withTaxonomyOverride(dir, """
        version: user-1
        categories:
          CYBER:
            threshold: 1.0
            terms:
              - weight: 1.0
                phrases: [cyberattack, ransomware]
          RECOGNITION:
            enabled: false
        """);
    ClassifiedEvent e = custom.classify(item("c", "Ransomware cyberattacks hit ministries; Spain recognises Palestine", ""));
    assertThat(categories(e)).containsExactly("CYBER");
    assertThat(custom.categoryNames()).contains("SANCTIONS", "CYBER").doesNotContain("RECOGNITION");
    assertThat(custom.rulesVersion()).contains("user-1");
  }

  @Test
  void aPatternWithMinStatesCountsOnlyWhereTheItemNamesThatManyStates(@TempDir Path dir) throws IOException {
    Classifier custom = withTaxonomyOverride(dir, """
        version: user-2
        categories:
          WAGE_THEFT_ABROAD:
            threshold: 1.0
            patterns:
              - id: unpaid-abroad
                weight: 1.0
                window: 6
                minStates: 2
                groups:
                  - [workers]
                  - [unpaid]
                  - ["@state"]
        """);
    assertThat(categories(custom.classify(item("a", "Kenyan workers go unpaid for months", ""))))
        .doesNotContain("WAGE_THEFT_ABROAD");
    assertThat(categories(custom.classify(item("b", "Kenyan workers go unpaid for months in Qatar", ""))))
        .contains("WAGE_THEFT_ABROAD");
  }

  @Test
  void aHeadlineScopedExclusionCountsOnlyInTheHeadlineAndThenReachesTheWholeItem(@TempDir Path dir)
      throws IOException {
    Classifier custom = withTaxonomyOverride(dir, """
        version: user-3
        categories:
          LAUNCHES:
            threshold: 1.0
            bodyWeight: 1.0
            terms:
              - weight: 1.0
                phrases: [launched missiles]
            exclusions:
              - id: attack-headline
                scope: headline
                phrases: [killed]
        """);
    String filler = " Officials gave no further detail on the night's events, and regional authorities said they would"
        + " report again in the morning after the damage had been assessed by engineers.";
    assertThat(categories(custom.classify(item("a", "Three killed in overnight raid on the capital",
        "Emergency crews worked through the night." + filler + " The army said the enemy launched missiles."))))
        .doesNotContain("LAUNCHES");
    assertThat(categories(custom.classify(item("b", "Army says the enemy launched missiles",
        "Emergency crews worked through the night." + filler + " A guard was killed in an unrelated accident."))))
        .contains("LAUNCHES");
  }

  @Test
  void minDecisiveWantsTheDecidingEvidenceInTheHeadlineOrTwiceFurtherDown(@TempDir Path dir) throws IOException {
    Classifier custom = withTaxonomyOverride(dir, """
        version: user-4
        categories:
          QUOTAS:
            threshold: 1.0
            bodyWeight: 0.6
            minDecisive: 0.7
            terms:
              - weight: 1.0
                phrases: [import quota, export quota]
              - weight: 0.5
                support: true
                phrases: [trade]
        """);
    String lead = "Ministers met on Tuesday in the capital for the second round of talks on a wide range of issues,"
        + " officials from both governments said after the meeting.";
    assertThat(categories(custom.classify(item("a", "Trade talks resume", lead + " They discussed an import quota."))))
        .doesNotContain("QUOTAS");
    assertThat(categories(custom.classify(item("b", "Trade talks resume",
        lead + " They discussed an import quota. An export quota was also raised."))))
        .contains("QUOTAS");
    assertThat(categories(custom.classify(item("c", "Import quota agreed at trade talks", lead)))).contains("QUOTAS");
  }

  @Test
  void anUnknownExclusionScopeIsRejected() {
    String yaml = """
        version: bad
        categories:
          X:
            terms:
              - weight: 1.0
                phrases: [embargo]
            exclusions:
              - id: somewhere
                scope: paragraph
                phrases: [film]
        """;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleDocuments.parseTaxonomy(yaml))
        .hasRootCauseInstanceOf(IllegalArgumentException.class).hasStackTraceContaining("scope must be 'headline'");
  }

  @Test
  void aWordThatOnlySharesAStemWithADemonymIsNoActor() {
    assertThat(actors("Opinion Polls Show Tight Race", "Regulator Sets Out Busy Year For Fines")).isEmpty();
    assertThat(actors("Poles and Finns vote", "A Pole, a Finn and the Philippine envoy")).containsExactlyInAnyOrder(
        "POL", "FIN", "PHL");
  }

  @Test
  void aMissileTestFromADestroyerIsATestAndASwitchedOffReactorNoSwitchOfRecognition() {
    assertThat(categories("North Korea test-fires strategic cruise missiles from new destroyer",
        "The launch from the 5,000-tonne ship was overseen by Kim Jong Un, state media said.")).contains(
        "WEAPONS_DEVELOPMENT");
    assertThat(categories("Taiwan switches off its last nuclear reactor",
        "The Maanshan plant was disconnected from the grid at midnight, ending nuclear power on the island."))
        .doesNotContain("RECOGNITION");
    assertThat(categories("Night raid on Odesa leaves 9 dead as port is hit",
        "Russia launched 200 drones and 12 ballistic missiles, the regional governor said."))
        .doesNotContain("WEAPONS_DEVELOPMENT");
  }

  @Test
  void remittanceFlowsAreNewsButTiesThatAlreadyExistAreNotEstablished() {
    assertThat(categories("Inward remittances to Bangladesh hit a record $2.5 billion in June",
        "Expatriates sent more money home ahead of Eid, the central bank said.")).contains("LABOUR_MIGRATION");
    assertThat(categories("Kazakhstan joins Abraham Accords",
        "Kazakhstan has had full diplomatic relations with Israel since 1992; officials called the step symbolic."))
        .doesNotContain("RECOGNITION");
  }

  @Test
  void aCueFactorAboveOneIsRejected() {
    String yaml = """
        version: bad
        categories:
          X:
            terms:
              - weight: 1.0
                phrases: [embargo]
            background:
              factor: 1.5
              cues: [previously]
        """;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleDocuments.parseTaxonomy(yaml))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
  }

  @Test
  void aPatternOfMoreThanSixtyFourGroupsIsRejected() {
    List<List<String>> groups = java.util.Collections.nCopies(65, List.of("word"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new io.dipwatch.classify.rules.TaxonomySpec.Pattern("wide", 1.0, null, null, null, groups, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 64 groups");
  }

  @Test
  void aTradeBanCountsInFullOnlyWithATarget() {
    assertThat(categories("China bans imports of Japanese seafood", "Customs officials cited safety concerns."))
        .contains("SANCTIONS");
    assertThat(categories("Kyrgyzstan bans exports of hay for six months", "Farmers feared shortages of fodder."))
        .doesNotContain("SANCTIONS");
  }

  @Test
  void financialSupervisorsAndComplianceVendorsDoNotImposeSanctions() {
    assertThat(categories("Audit watchdog PCAOB sanctions KPMG Netherlands over exam cheating", "")).isEmpty();
    assertThat(categories("Sanctions-screening start-up raises $60m",
        "The fintech checks customers against sanctions lists for banks.")).isEmpty();
  }

  @Test
  void portsVisaServicesAndExportLicencesClosedToAStateAreSanctions() {
    assertThat(categories("Malaysia bans Israeli-flagged ships from its ports", "")).contains("SANCTIONS");
    assertThat(categories("India suspends visa services for Canadians", "")).contains("SANCTIONS");
    assertThat(categories("China requires licences for exports of rare earth technology", "")).contains("SANCTIONS");
  }

  @Test
  void spySatellitesOnCivilianRocketsAndStrikesOnNuclearSitesAreNotWeaponsDevelopment() {
    assertThat(categories("South Korea's first spy satellite launched on SpaceX Falcon 9", "")).isEmpty();
    assertThat(categories("Israeli jets strike Iranian nuclear and missile sites",
        "Officials accused Tehran of building nuclear weapons.")).doesNotContain("WEAPONS_DEVELOPMENT");
  }

  @Test
  void aTestOfAMissileFirstShownAtAParadeIsStillATest() {
    assertThat(categories("N. Korea fires Hwasong-20 ICBM in first flight test",
        "The missile was first displayed at a military parade last year.")).contains("WEAPONS_DEVELOPMENT");
    assertThat(categories("North Korea stages parade showing off Hwasong-20 ICBM", "")).isEmpty();
  }

  @Test
  void anniversariesOfTiesAndDefenceEarningsAreNotEvents() {
    assertThat(categories("Seoul and Tokyo mark 60 years of normalised ties", "")).isEmpty();
    assertThat(categories("Rheinmetall forecasts record sales as ammunition orders pile up", "")).isEmpty();
  }

  @Test
  void tariffsTiedToAGrievanceAreSanctionsAndSteelTariffsAreTradePolicy() {
    assertThat(categories("Trump imposes 50% tariff on Brazil, citing 'witch hunt' against Bolsonaro", ""))
        .contains("SANCTIONS");
    assertThat(categories("Trump doubles steel and aluminium tariffs to 50%",
        "Trading partners weighed countermeasures.")).isEmpty();
  }

  @Test
  void domesticWageDisputesAreNotLabourMigration() {
    assertThat(categories("Garment workers in Dhaka protest over unpaid wages",
        "Bangladesh's factories face falling orders from European and American buyers.")).isEmpty();
    assertThat(categories("Sri Lankan housemaids in Jordan unpaid for months, embassy says", ""))
        .containsExactly("LABOUR_MIGRATION");
  }

  @Test
  void userGazetteerAddsAnActor(@TempDir Path dir) throws IOException {
    Path gazetteer = dir.resolve("gazetteer.yaml");
    Files.writeString(gazetteer, """
        version: g-2
        actors:
          - {code: OAS, kind: organisation, names: [Organization of American States, OAS]}
        """);
    Classifier custom = Classifier.fromFiles(null, gazetteer);
    assertThat(custom.classify(item("g", "OAS observers arrive in Haiti", "")).getActors()).containsExactly("HTI", "OAS");
  }

  @Test
  void isSafeToShareAcrossThreads() throws Exception {
    String body = seedArticle();
    ClassifiedEvent expected = CLASSIFIER.classify(item("seed", "", body));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ClassifiedEvent>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(pool.submit(() -> CLASSIFIER.classify(item("seed", "", body))));
      }
      for (Future<ClassifiedEvent> f : results) {
        ClassifiedEvent got = f.get();
        assertThat(got.getCategories()).isEqualTo(expected.getCategories());
        assertThat(got.getActors()).isEqualTo(expected.getActors());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shippedGazetteerHasEveryUnMemberAndTheRequiredExtras() {
    var codes = RuleDocuments.defaultGazetteer().actors().stream().map(a -> a.code()).toList();
    assertThat(codes).contains("XKX", "PSE", "TWN", "UA-14", "UA-09", "UA-43", "UA-65", "UA-23", "UN", "UNSC", "EU",
        "NATO", "IAEA", "AU", "ASEAN", "G7", "OSCE", "ICC", "WTO", "IMF");
    long states = RuleDocuments.defaultGazetteer().actors().stream()
        .filter(a -> a.kind() == null || a.kind().equals("state")).count();
    assertThat(states).as("193 UN members, Kosovo, Palestine, Taiwan, Holy See").isEqualTo(193 + 4);
  }
}
