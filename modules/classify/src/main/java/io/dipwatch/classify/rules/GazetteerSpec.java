package io.dipwatch.classify.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gazetteer document (YAML): actors with their names, demonyms, capitals and seats of government, phrases
 * that are never actors, and the context words that tell a government from a mere location.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GazetteerSpec(String version, Context context, List<Actor> actors, List<String> blockers) {

  public GazetteerSpec {
    actors = actors == null ? List.of() : List.copyOf(actors);
    blockers = blockers == null ? List.of() : List.copyOf(blockers);
  }

  /** Merges an override: actors with the same code replace ours, new codes are added; context and blockers add up. */
  public GazetteerSpec merge(GazetteerSpec override) {
    if (override == null) {
      return this;
    }
    Map<String, Actor> byCode = new LinkedHashMap<>();
    actors.forEach(a -> byCode.put(a.code(), a));
    override.actors().forEach(a -> byCode.put(a.code(), a));
    List<String> allBlockers = new ArrayList<>(blockers);
    allBlockers.addAll(override.blockers());
    Context mergedContext = context == null ? override.context() : context.merge(override.context());
    String v = override.version() == null || override.version().isBlank() ? version + "+override" : override.version();
    return new GazetteerSpec(v, mergedContext, List.copyOf(byCode.values()), allBlockers);
  }

  /**
   * One actor. {@code names}, {@code demonyms} and {@code seats} count wherever they occur (except in a
   * location-only context); {@code capitals} count only in a government context. Aliases written in capitals of
   * at most five letters (US, UN, EU, DPR) match only in exactly that case. {@code contexts} re-assign the
   * aliases of this entry to another code (or to none) when one of their phrases occurs in the same item.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Actor(String code, String kind, List<String> names, List<String> demonyms, List<String> capitals,
      List<String> seats, List<String> also, List<Reassign> contexts) {
    public Actor {
      names = names == null ? List.of() : List.copyOf(names);
      demonyms = demonyms == null ? List.of() : List.copyOf(demonyms);
      capitals = capitals == null ? List.of() : List.copyOf(capitals);
      seats = seats == null ? List.of() : List.copyOf(seats);
      also = also == null ? List.of() : List.copyOf(also);
      contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }
  }

  /** When any of {@code phrases} occurs in the item, this entry's aliases mean {@code code} (null: no actor). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reassign(String code, List<String> phrases) {
    public Reassign {
      phrases = phrases == null ? List.of() : List.copyOf(phrases);
    }
  }

  /** Context words around an alias (single tokens after it, phrases before it). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Context(List<String> governmentAfter, List<String> governmentBefore, List<String> locationAfter,
      List<String> locationBefore) {
    public Context {
      governmentAfter = governmentAfter == null ? List.of() : List.copyOf(governmentAfter);
      governmentBefore = governmentBefore == null ? List.of() : List.copyOf(governmentBefore);
      locationAfter = locationAfter == null ? List.of() : List.copyOf(locationAfter);
      locationBefore = locationBefore == null ? List.of() : List.copyOf(locationBefore);
    }

    Context merge(Context other) {
      if (other == null) {
        return this;
      }
      return new Context(concat(governmentAfter, other.governmentAfter), concat(governmentBefore, other.governmentBefore),
          concat(locationAfter, other.locationAfter), concat(locationBefore, other.locationBefore));
    }

    private static List<String> concat(List<String> a, List<String> b) {
      List<String> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }
}
