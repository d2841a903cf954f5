package io.dipwatch.escalate;

import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;

/** When a silence mutes an escalation: every field it sets must match, and it has not expired (wall clock). */
final class Silences {
  private Silences() {}

  static boolean matches(Silence s, Escalation e, long wallClockMs) {
    if (s == null || s.getExpiresAt().toEpochMilli() <= wallClockMs || !isTargeted(s)) {
      return false;
    }
    return (s.getMatchKey() == null || s.getMatchKey().equals(e.getKey()))
        && (s.getActor() == null || e.getActors().contains(s.getActor()))
        && (s.getCategory() == null || e.getCategories().contains(s.getCategory()));
  }

  /** A silence with no key, actor or category would mute everything: refused. */
  static boolean isTargeted(Silence s) {
    return s.getMatchKey() != null || s.getActor() != null || s.getCategory() != null;
  }
}
