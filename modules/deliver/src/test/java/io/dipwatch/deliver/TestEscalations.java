package io.dipwatch.deliver;

import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import java.time.Instant;
import java.util.List;

/** Escalation records for tests: a plausible PRK|RUS cluster whose fields a test can override. */
public final class TestEscalations {
  public static final Instant WINDOW_END = Instant.parse("2026-03-08T12:00:00Z");

  private TestEscalations() {}

  public static Escalation.Builder builder(String key, String status, String level, long version) {
    List<String> actors = List.of(key.split("\\|"));
    return Escalation.newBuilder()
        .setKey(key)
        .setStatus(status)
        .setLevel(level)
        .setPreviousLevel(null)
        .setVersion(version)
        .setScore(4.25)
        .setActors(actors)
        .setCategories(List.of("LABOUR_MIGRATION", "SANCTIONS", "WEAPONS_DEVELOPMENT"))
        .setWindowStart(WINDOW_END.minusSeconds(7 * 24 * 3600))
        .setWindowEnd(WINDOW_END)
        .setStories(4)
        .setSources(3)
        .setEvidence(List.of(
            evidence("n1", "North Korean workers sent to Donbas", "https://example.org/a?x=1&y=2", "Reuters"),
            evidence("n2", "New sanctions on Pyongyang shipping", "https://example.net/b", "AP")))
        .setReason("3 categories, 4 stories, 3 sources in 6.5 days")
        .setSilenced(false)
        .setEmittedAt(WINDOW_END);
  }

  public static Escalation escalation(String key, String status, String level, long version) {
    return builder(key, status, level, version).build();
  }

  public static EvidenceItem evidence(String id, String title, String url, String source) {
    return EvidenceItem.newBuilder().setId(id).setTitle(title).setUrl(url).setSource(source)
        .setCategories(List.of("SANCTIONS")).build();
  }
}
