package io.dipwatch.classify;

import io.dipwatch.classify.rules.CompiledRules;
import io.dipwatch.classify.rules.GazetteerSpec;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.classify.rules.TaxonomySpec;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import io.dipwatch.schema.Span;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Classifies news items into the taxonomy's categories and extracts actor codes, with the evidence behind each
 * call. The one classifier used by the stream, {@code ./dipwatch classify} and {@code ./dipwatch eval}, so what
 * analysts evaluate offline is what runs live. Immutable and thread-safe; build it once and share it.
 */
public final class Classifier {
  private final CompiledRules rules;
  private final Clock clock;

  private Classifier(CompiledRules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  /** The shipped taxonomy and gazetteer. */
  public static Classifier fromDefaults() {
    return of(RuleDocuments.defaultTaxonomy(), RuleDocuments.defaultGazetteer());
  }

  /**
   * The shipped rules merged with the user's override files (either may be null): categories and actors named in
   * an override replace the shipped ones, new ones are added.
   */
  public static Classifier fromFiles(Path taxonomyOverride, Path gazetteerOverride) {
    TaxonomySpec taxonomy = RuleDocuments.defaultTaxonomy();
    GazetteerSpec gazetteer = RuleDocuments.defaultGazetteer();
    if (taxonomyOverride != null) {
      taxonomy = taxonomy.merge(RuleDocuments.parseTaxonomy(RuleDocuments.readFile(taxonomyOverride)));
    }
    if (gazetteerOverride != null) {
      gazetteer = gazetteer.merge(RuleDocuments.parseGazetteer(RuleDocuments.readFile(gazetteerOverride)));
    }
    return of(taxonomy, gazetteer);
  }

  /** A classifier over exactly these documents (already merged as wanted). */
  public static Classifier of(TaxonomySpec taxonomy, GazetteerSpec gazetteer) {
    return new Classifier(new CompiledRules(taxonomy, gazetteer), Clock.systemUTC());
  }

  /** The same rules with another clock for {@code classifiedAt} (tests, replays). */
  public Classifier withClock(Clock other) {
    return new Classifier(rules, other);
  }

  /** Version of the rules, recorded as {@code rulesVersion} on every event. */
  public String rulesVersion() {
    return rules.version();
  }

  public List<String> categoryNames() {
    return rules.categoryNames();
  }

  /** Taxonomy phrases per category (for baselines and documentation). */
  public Map<String, List<String>> termsByCategory() {
    return rules.termsByCategory();
  }

  /** Classifies an item as its own story (storyId = item id): offline use, no de-duplication. */
  public ClassifiedEvent classify(NewsItem item) {
    return classify(item, item.getId());
  }

  /**
   * Classifies an item that belongs to the story {@code storyId}. Actors GDELT already coded for the row
   * ({@code gdelt.mappedActors}) are added to the ones found in the text. A GDELT event row carries no news
   * text, only its CAMEO coding rendered as words, so its categories are the ones its event code maps to
   * ({@code gdelt.mappedCategories}); matching the rendered words would call "administrative sanctions"
   * (CAMEO 172, domestic) SANCTIONS.
   */
  public ClassifiedEvent classify(NewsItem item, String storyId) {
    int publishedYear = item.getPublishedAt() == null ? 0
        : item.getPublishedAt().atOffset(ZoneOffset.UTC).getYear();
    CompiledRules.Analysis analysis = rules.analyze(item.getTitle(), item.getBody(), publishedYear);
    List<CategoryScore> categories = isCodedEvent(item) ? codedCategories(item) : analysis.categories();
    List<String> actors = analysis.actors();
    if (item.getGdelt() != null && !item.getGdelt().getMappedActors().isEmpty()) {
      java.util.TreeSet<String> merged = new java.util.TreeSet<>(actors);
      merged.addAll(item.getGdelt().getMappedActors());
      actors = List.copyOf(merged);
    }
    Instant now = clock.instant();
    return ClassifiedEvent.newBuilder()
        .setId(item.getId())
        .setStoryId(storyId)
        .setTitle(item.getTitle())
        .setUrl(item.getUrl())
        .setSource(item.getSource())
        .setSourceType(item.getSourceType())
        .setPublishedAt(item.getPublishedAt())
        .setClassifiedAt(now)
        .setLanguage(item.getLanguage())
        .setCategories(categories)
        .setActors(actors)
        .setActorMentions(analysis.actorMentions())
        .setRulesVersion(rules.version())
        .setAttributes(Map.of())
        .build();
  }

  private static boolean isCodedEvent(NewsItem item) {
    return item.getGdelt() != null && item.getGdelt().getEventCode() != null;
  }

  private static List<CategoryScore> codedCategories(NewsItem item) {
    String code = item.getGdelt().getEventCode();
    String title = item.getTitle();
    return item.getGdelt().getMappedCategories().stream().sorted()
        .map(category -> CategoryScore.newBuilder().setName(category).setScore(1.0)
            .setEvidence(List.of(Span.newBuilder().setText(title).setField("title").setStart(0)
                .setEnd(title.length()).setRule("cameo:" + code).build()))
            .build())
        .toList();
  }
}
