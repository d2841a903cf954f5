package io.dipwatch.classify.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The taxonomy document (YAML): categories with weighted phrases, co-occurrence patterns, exclusions and
 * negation. Kept as plain data so the shipped default, a user's override file and documents from the rules
 * topic all read and merge the same way.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaxonomySpec(String version, Map<String, Category> categories) {

  public TaxonomySpec {
    categories = categories == null ? Map.of() : new LinkedHashMap<>(categories);
  }

  /**
   * Merges an override over this taxonomy: categories it names replace ours, new ones are added, and a category
   * with {@code enabled: false} is removed. The version becomes the override's (or ours plus its, if unnamed).
   */
  public TaxonomySpec merge(TaxonomySpec override) {
    if (override == null) {
      return this;
    }
    Map<String, Category> merged = new LinkedHashMap<>(categories);
    override.categories().forEach((name, category) -> {
      if (category != null && Boolean.FALSE.equals(category.enabled())) {
        merged.remove(name);
      } else {
        merged.put(name, category);
      }
    });
    String v = override.version() == null || override.version().isBlank() ? version + "+override" : override.version();
    return new TaxonomySpec(v, merged);
  }

  /** One category: a call is made when the summed weight of its (non-excluded) evidence reaches the threshold. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Category(
      String description,
      Boolean enabled,
      Double threshold,
      Double titleBoost,
      Double bodyWeight,
      Double minDecisive,
      List<TermGroup> terms,
      List<Pattern> patterns,
      List<Exclusion> exclusions,
      Negation negation,
      Negation background) {

    public Category {
      terms = terms == null ? List.of() : List.copyOf(terms);
      patterns = patterns == null ? List.of() : List.copyOf(patterns);
      exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
    }

    public double thresholdOrDefault() {
      return threshold == null ? 1.0 : threshold;
    }

    public double titleBoostOrDefault() {
      return titleBoost == null ? 1.5 : titleBoost;
    }

    /**
     * Factor for evidence in the body after its lead sentence: a category should be what the item is about, and
     * what an item is about sits in its title and lead, while later sentences often carry background.
     */
    public double bodyWeightOrDefault() {
      return bodyWeight == null ? 1.0 : bodyWeight;
    }

    /**
     * The least weight the evidence that is not support must reach together (default 0: any one piece). Above
     * {@code bodyWeight} it means a call needs such a piece in the title or lead, or two further down: one mention
     * deep in an article, dressed up by support words in the title, is background.
     */
    public double minDecisiveOrDefault() {
      return minDecisive == null ? 0.0 : minDecisive;
    }
  }

  /**
   * Phrases that each add {@code weight} when they occur (once per distinct phrase). A {@code support} group only
   * adds to evidence that does not come from support groups: on its own it never makes a call.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TermGroup(String id, double weight, Boolean support, List<String> phrases) {
    public TermGroup {
      phrases = phrases == null ? List.of() : List.copyOf(phrases);
    }
  }

  /**
   * A co-occurrence rule: one phrase from every group within {@code window} tokens of a phrase of the first
   * group. The group entries {@code @actor} and {@code @state} stand for any actor (or any state/territory)
   * found by the gazetteer. With {@code forward: true} the other groups must follow the first one ("recognise
   * ... Kosovo", not "Kosovo ... recognised"). Unless {@code crossSentence: true}, every group must lie in the
   * sentence of the first one: a trigger and an actor in different sentences are rarely about each other.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Pattern(String id, double weight, Integer window, Boolean forward, Boolean crossSentence,
      List<List<String>> groups, Integer minStates) {
    public Pattern {
      groups = groups == null ? List.of() : groups.stream().map(List::copyOf).toList();
      if (groups.size() > Long.SIZE) {
        throw new IllegalArgumentException("pattern " + id + " has more than " + Long.SIZE + " groups");
      }
    }

    public int windowOrDefault() {
      return window == null ? 10 : window;
    }

    /** How many distinct states or territories the item must name for the pattern to count (0: no condition). */
    public int minStatesOrDefault() {
      return minStates == null ? 0 : minStates;
    }
  }

  /**
   * A negative context: evidence within {@code window} tokens of one of these phrases does not count
   * (restricted to the evidence phrases or pattern ids in {@code appliesTo} when given).
   * A window of 0 means the whole item. With {@code scope: headline} the phrase counts only in the title or the
   * body's lead sentence, and then reaches the whole item: what the headline says the story is (an attack, a drill)
   * frames every mention further down.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Exclusion(String id, Integer window, List<String> phrases, List<String> appliesTo, String scope) {
    /** The one scope besides the default (a window around the phrase, wherever it is). */
    public static final String HEADLINE = "headline";

    public Exclusion {
      phrases = phrases == null ? List.of() : List.copyOf(phrases);
      appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
      if (scope != null && !scope.equals(HEADLINE)) {
        throw new IllegalArgumentException("exclusion " + id + ": scope must be '" + HEADLINE + "' or absent, not '"
            + scope + "'");
      }
    }

    /** Whether the phrase counts only in the headline (title and lead) and then reaches the whole item. */
    public boolean headlineScope() {
      return HEADLINE.equals(scope);
    }

    public int windowOrDefault() {
      return window == null ? 8 : window;
    }
  }

  /**
   * Cues that scale evidence by {@code factor} when they end within {@code window} tokens before it ({@code cues})
   * or start within {@code window} tokens after it ({@code after}): negation and hedging ({@code negation}) or
   * background framing such as "already under", "previously", "... since 2017" ({@code background}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Negation(Integer window, Double factor, List<String> cues, List<String> after) {
    public Negation {
      cues = cues == null ? List.of() : List.copyOf(cues);
      after = after == null ? List.of() : List.copyOf(after);
      if (factor != null && (factor < 0 || factor > 1)) {
        throw new IllegalArgumentException("a cue factor scales evidence down: it must be between 0 and 1, not "
            + factor);
      }
    }
  }
}
