package io.dipwatch.escalate;

import static io.dipwatch.core.model.Categories.LABOUR_MIGRATION;
import static io.dipwatch.core.model.Categories.RECOGNITION;
import static io.dipwatch.core.model.Categories.SANCTIONS;
import static io.dipwatch.core.model.Categories.WEAPONS_DEVELOPMENT;
import static io.dipwatch.escalate.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EscalateTopologyTest {
  private static final Instant T0 = Instant.parse("2022-09-05T08:00:00Z");
  private static final List<String> ALL = List.of(LABOUR_MIGRATION, RECOGNITION, SANCTIONS, WEAPONS_DEVELOPMENT);
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    h = new Harness();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static Instant t(double days) {
    return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  /** The seed article and follow-ups from other outlets, as classify would emit them. */
  private void seedStory() {
    h.send(event("seed", "story-seed", "tfiglobalnews.com", t(0), ALL,
        "PRK", "RUS", "UKR", "UA-14", "UA-09", "SYR", "USA", "UNSC"));
    h.send(event("r1", "story-workers", "reuters.com", t(0.5), List.of(LABOUR_MIGRATION), "PRK", "RUS", "UA-14"));
    h.send(event("n1", "story-missile", "nknews.org", t(1), List.of(WEAPONS_DEVELOPMENT), "PRK", "RUS"));
    h.send(event("a1", "story-veto", "apnews.com", t(1.5), List.of(SANCTIONS, WEAPONS_DEVELOPMENT), "PRK", "RUS",
        "UNSC"));
    h.send(event("y1", "story-recognition", "yna.co.kr", t(2), List.of(RECOGNITION), "PRK", "RUS", "UA-09"));
  }

  @Test
  void seedArticleAndRelatedReportsEscalatePrkRusToCritical() {
    seedStory();
    List<Escalation> prkRus = h.of("PRK|RUS");
    assertThat(prkRus).extracting(Escalation::getStatus, Escalation::getLevel, Escalation::getVersion)
        .containsExactly(
            tuple("FIRING", "WATCH", 1L),
            tuple("FIRING", "WARNING", 2L),
            tuple("FIRING", "CRITICAL", 3L),
            tuple("UPDATED", "CRITICAL", 4L)); // the fifth story is new evidence at the same level
    Escalation critical = prkRus.get(2);
    assertThat(critical.getPreviousLevel()).isEqualTo("WARNING");
    assertThat(critical.getStories()).isEqualTo(4);
    assertThat(critical.getSources()).isEqualTo(4);
    assertThat(critical.getCategories()).containsExactlyInAnyOrderElementsOf(ALL);
    assertThat(critical.getActors()).containsExactly("PRK", "RUS");
    assertThat(critical.getReason()).startsWith("4 categories, 4 stories, 4 sources in 1.5 days");
    assertThat(critical.getEvidence()).first().satisfies(top -> {
      assertThat(top.getId()).isEqualTo("seed");
      assertThat(top.getCategories()).hasSize(4);
      assertThat(top.getUrl()).isEqualTo("https://tfiglobalnews.com/seed");
    });
    assertThat(critical.getScore()).isBetween(0.5, 1.0);
    assertThat(critical.getEmittedAt()).isEqualTo(t(1.5));
    assertThat(critical.getWindowStart()).isEqualTo(t(1.5).minus(Duration.ofDays(7)));
    assertThat(prkRus.get(3).getStories()).isEqualTo(5);
    assertThat(prkRus.get(3).getPreviousLevel()).isNull();
    h.send(event("y2", "story-recognition-2", "yna.co.kr", t(2.2), List.of(RECOGNITION), "PRK", "RUS"));
    assertThat(h.of("PRK|RUS")).last().extracting(Escalation::getStatus, Escalation::getLevel, Escalation::getStories)
        .containsExactly("UPDATED", "CRITICAL", 6);
  }

  @Test
  void criticalHoldsWhileWarningIsSupportedThenStepsDownAndResolvesWithoutNewItems() {
    seedStory();
    // time moves only through ticks: no further item for PRK|RUS
    h.tick(t(7.6)); // seed and workers story gone: 3 stories, 3 categories: WARNING supported, CRITICAL holds
    assertThat(h.of("PRK|RUS")).hasSize(4).last().extracting(Escalation::getLevel).isEqualTo("CRITICAL");
    h.tick(t(8.1)); // veto (SANCTIONS+WEAPONS) and recognition left: only WATCH supported, one step down
    assertThat(h.of("PRK|RUS")).hasSize(5);
    h.tick(t(30));
    assertThat(h.of("PRK|RUS")).extracting(Escalation::getStatus, Escalation::getLevel, Escalation::getPreviousLevel)
        .containsExactly(
            tuple("FIRING", "WATCH", null),
            tuple("FIRING", "WARNING", "WATCH"),
            tuple("FIRING", "CRITICAL", "WARNING"),
            tuple("UPDATED", "CRITICAL", null),
            tuple("UPDATED", "WARNING", "CRITICAL"),
            tuple("RESOLVED", "WARNING", "WARNING"));
    assertThat(h.of("PRK|RUS").get(4).getEmittedAt()).isEqualTo(t(8)); // when the missile story left the window
    Escalation resolved = h.of("PRK|RUS").get(5);
    assertThat(resolved.getEmittedAt()).isEqualTo(t(8.5)); // when the veto story left the window
    assertThat(resolved.getReason()).startsWith("resolved, below WATCH: 1 category, 1 story, 1 source");
  }

  @Test
  void everyFiredKeyEndsResolvedOnceTimeMovesPastItsWindow() {
    seedStory();
    h.send(event("k1", "story-kor", "yna.co.kr", t(3), List.of(SANCTIONS), "KOR", "PRK"));
    h.send(event("k2", "story-kor-2", "koreaherald.com", t(3.1), List.of(WEAPONS_DEVELOPMENT), "KOR", "PRK"));
    h.send(event("k3", "story-kor-3", "koreatimes.co.kr", t(3.2), List.of(WEAPONS_DEVELOPMENT), "KOR", "PRK"));
    var fired = h.emitted.stream().map(Escalation::getKey).collect(Collectors.toSet());
    assertThat(fired).contains("PRK|RUS", "KOR|PRK", "PRK|UA-14", "RUS|UA-14");
    h.tick(t(3.2).plus(Duration.ofDays(7)));
    Map<String, Escalation> latest = h.latestState();
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(fired);
    assertThat(latest.values()).allSatisfy(e -> assertThat(e.getStatus()).isEqualTo("RESOLVED"));
    assertVersionsContiguous(h.emitted);
  }

  @Test
  void oneStorySyndicatedByTwelveOutletsInADayDoesNotFire() {
    for (int i = 0; i < 12; i++) {
      h.send(event("copy-" + i, "story-one", "outlet" + i + ".com", t(i / 12.0), ALL, "PRK", "RUS", "UA-14"));
    }
    h.tick(t(10));
    assertThat(h.emitted).isEmpty();
  }

  @Test
  void itemsTricklingInOneEveryTenDaysNeverFire() {
    for (int i = 0; i < 10; i++) {
      h.send(event("t" + i, "story-" + i, "outlet" + i + ".com", t(i * 10), List.of(SANCTIONS, RECOGNITION),
          "PRK", "RUS"));
    }
    h.tick(t(120));
    assertThat(h.emitted).isEmpty();
  }

  @Test
  void lateItemWithinGraceUpdatesItsClusterAndOneBeyondGraceIsCountedAndParked() {
    h.send(event("a", "s-a", "one.com", t(0), List.of(SANCTIONS), "PRK", "RUS"));
    h.send(event("b", "s-b", "two.com", t(0.1), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    h.send(event("other", "s-o", "three.com", t(2), List.of(SANCTIONS), "CHN", "USA")); // stream time: day 2
    assertThat(h.of("PRK|RUS")).extracting(Escalation::getLevel).containsExactly("WATCH");

    h.send(event("late", "s-late", "three.com", t(1.5), List.of(RECOGNITION), "PRK", "RUS")); // 12 h late
    assertThat(h.of("PRK|RUS")).extracting(Escalation::getStatus, Escalation::getLevel)
        .containsExactly(tuple("FIRING", "WATCH"), tuple("FIRING", "WARNING"));
    assertThat(h.dlq.isEmpty()).isTrue();

    h.send(event("too-late", "s-too-late", "four.com", t(0.5), List.of(WEAPONS_DEVELOPMENT), "PRK", "RUS"));
    assertThat(h.of("PRK|RUS")).hasSize(2);
    var parked = h.dlq.readRecordsToList();
    assertThat(parked).hasSize(1);
    var dead = parked.get(0);
    assertThat(new String(dead.key())).isEqualTo("s-too-late");
    assertThat(DipwatchSerdes.classifiedEvent().decode(dead.value()).getId()).isEqualTo("too-late");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.HEADER_STAGE)).isEqualTo("escalate");
    assertThat(DeadLetters.header(dead.headers(), DeadLetters.HEADER_MESSAGE)).contains("beyond the grace of PT24H");
    assertThat(lateTotal()).isEqualTo(1.0);
  }

  @Test
  void itemDatedInTheFutureIsParkedAndDoesNotMoveTime() {
    h.send(event("a", "s-a", "one.com", t(0), List.of(SANCTIONS), "PRK", "RUS"));
    h.send(event("future", "s-future", "bad-feed.com", Instant.parse("2030-01-01T00:00:00Z"), List.of(SANCTIONS),
        "CHN", "USA"));
    h.send(event("b", "s-b", "two.com", t(0.1), List.of(LABOUR_MIGRATION), "PRK", "RUS"));
    assertThat(h.of("PRK|RUS")).extracting(Escalation::getLevel).containsExactly("WATCH");
    var parked = h.dlq.readRecordsToList();
    assertThat(parked).hasSize(1);
    assertThat(DeadLetters.header(parked.get(0).headers(), DeadLetters.HEADER_MESSAGE)).contains("ahead of the clock");
    assertThat(parked.get(0).getRecordTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void updatesAtTheSameLevelAreThrottledToOnePerHourOfEventTime() {
    h.send(event("a", "s-a", "one.com", t(0), List.of(SANCTIONS), "IRN", "USA"));
    h.send(event("b", "s-b", "two.com", t(0.01), List.of(SANCTIONS), "IRN", "USA"));
    h.send(event("c", "s-c", "three.com", t(0.02), List.of(SANCTIONS), "IRN", "USA")); // WATCH fires
    Instant fired = t(0.02);
    h.send(event("d", "s-d", "four.com", fired.plus(Duration.ofMinutes(10)), List.of(SANCTIONS), "IRN", "USA"));
    h.send(event("e", "s-e", "five.com", fired.plus(Duration.ofMinutes(20)), List.of(SANCTIONS), "IRN", "USA"));
    h.send(event("e2", "s-e", "six.com", fired.plus(Duration.ofMinutes(30)), List.of(SANCTIONS), "IRN", "USA"));
    assertThat(h.of("IRN|USA")).extracting(Escalation::getStatus).containsExactly("FIRING");
    h.tick(fired.plus(Duration.ofMinutes(59)));
    assertThat(h.of("IRN|USA")).hasSize(1);
    h.tick(fired.plus(Duration.ofMinutes(90)));
    assertThat(h.of("IRN|USA")).extracting(Escalation::getStatus, Escalation::getStories, Escalation::getSources,
            Escalation::getEmittedAt)
        .containsExactly(tuple("FIRING", 3, 3, fired), tuple("UPDATED", 5, 6, fired.plus(Duration.ofHours(1))));
    // a copy of a story already counted from an outlet already counted is no new evidence
    h.send(event("e3", "s-e", "six.com", fired.plus(Duration.ofHours(3)), List.of(SANCTIONS), "IRN", "USA"));
    assertThat(h.of("IRN|USA")).hasSize(2);
    h.send(event("f", "s-f", "seven.com", fired.plus(Duration.ofHours(4)), List.of(SANCTIONS), "IRN", "USA"));
    assertThat(h.of("IRN|USA")).extracting(Escalation::getStatus, Escalation::getStories)
        .containsExactly(tuple("FIRING", 3), tuple("UPDATED", 5), tuple("UPDATED", 6));
    assertVersionsContiguous(h.emitted);
  }

  @Test
  void burstAfterAQuietMonthScoresHigherThanTheSameCoverageOnABusyPair() {
    // CHN|USA was in the news every other day for four weeks, then a quiet week; PRK|SYR has been quiet
    for (int d = 0; d < 28; d += 2) {
      h.send(event("busy" + d, "busy-" + d, "outlet" + (d % 3) + ".com", t(d), List.of(SANCTIONS), "CHN", "USA"));
    }
    Instant burst = t(36);
    for (String pair : List.of("CHN USA", "PRK SYR")) {
      String[] a = pair.split(" ");
      for (int i = 0; i < 3; i++) {
        h.send(event(a[0] + "-burst" + i, a[0] + "-burst-" + i, "wire" + i + ".com",
            burst.plus(Duration.ofMinutes(i)), List.of(SANCTIONS, RECOGNITION, WEAPONS_DEVELOPMENT), a[0], a[1]));
      }
    }
    h.tick(burst.plus(Duration.ofMinutes(5))); // the burst's last minutes are taken in once time has passed them
    Escalation busy = h.of("CHN|USA").get(h.of("CHN|USA").size() - 1);
    Escalation quiet = h.of("PRK|SYR").get(h.of("PRK|SYR").size() - 1);
    assertThat(quiet.getScore()).isGreaterThan(busy.getScore());
    assertThat(quiet.getReason()).endsWith("(baseline 0.0 stories/week)");
  }

  @Test
  void silencedRecordsAreMarkedButKept() {
    Instant wall = Instant.parse("2026-01-01T00:00:00Z");
    h.silences.pipeInput("s1", Silence.newBuilder().setId("s1").setActor("PRK").setExpiresAt(wall.plusSeconds(3600))
        .setCreatedBy("test").build());
    h.silences.pipeInput("s2", Silence.newBuilder().setId("s2").setMatchKey("CHN|USA")
        .setExpiresAt(wall.minusSeconds(1)).build());
    for (String pair : List.of("PRK RUS", "CHN USA")) {
      String[] a = pair.split(" ");
      h.send(event(a[0] + 1, a[0] + "-1", "one.com", t(0), List.of(SANCTIONS), a[0], a[1]));
      h.send(event(a[0] + 2, a[0] + "-2", "two.com", t(0.1), List.of(RECOGNITION), a[0], a[1]));
    }
    assertThat(h.emitted).extracting(Escalation::getKey, Escalation::getSilenced)
        .containsExactly(tuple("PRK|RUS", true), tuple("CHN|USA", false));
    h.driver.advanceWallClockTime(Duration.ofHours(2));
    h.send(event("PRK3", "PRK-3", "three.com", t(0.2), List.of(WEAPONS_DEVELOPMENT), "PRK", "RUS"));
    assertThat(h.of("PRK|RUS")).last().extracting(Escalation::getLevel, Escalation::getSilenced)
        .containsExactly("WARNING", false);
  }

  @Test
  void redeliveredItemIsIgnored() {
    var a = event("a", "s-a", "one.com", t(0), List.of(SANCTIONS), "PRK", "RUS");
    var b = event("b", "s-b", "two.com", t(0.1), List.of(LABOUR_MIGRATION), "PRK", "RUS");
    h.send(a);
    h.send(b);
    h.send(b);
    h.send(a);
    assertThat(h.emitted).hasSize(1);
  }

  private double lateTotal() {
    return h.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("parked-total")
            && e.getKey().group().contains(LifecycleProcessor.METRIC_GROUP))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  static void assertVersionsContiguous(List<Escalation> records) {
    Map<String, List<Long>> byKey = records.stream().collect(Collectors.groupingBy(Escalation::getKey,
        Collectors.mapping(Escalation::getVersion, Collectors.toList())));
    byKey.forEach((key, versions) -> {
      for (int i = 0; i < versions.size(); i++) {
        assertThat(versions.get(i)).as("version %d of %s", i + 1, key).isEqualTo(i + 1L);
      }
    });
  }
}
