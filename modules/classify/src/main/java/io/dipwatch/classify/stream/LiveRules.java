package io.dipwatch.classify.stream;

import io.dipwatch.classify.Classifier;
import io.dipwatch.classify.rules.GazetteerSpec;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.classify.rules.TaxonomySpec;
import io.dipwatch.schema.RuleEntry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier currently in force: the base rules (shipped defaults merged with the configured override files)
 * with the newest {@code taxonomy} and {@code gazetteer} documents from the rules topic merged over them. Checked
 * on every record against the global rules store (two in-memory look-ups) and recompiled only when a document
 * changes; a document that does not compile is logged and the previous rules stay in force.
 */
public final class LiveRules {
  /** Rule-topic key of the taxonomy document. */
  public static final String TAXONOMY_KEY = "taxonomy";
  /** Rule-topic key of the gazetteer document. */
  public static final String GAZETTEER_KEY = "gazetteer";
  private static final Logger LOG = LoggerFactory.getLogger(LiveRules.class);

  private final TaxonomySpec baseTaxonomy;
  private final GazetteerSpec baseGazetteer;
  private final AtomicReference<Compiled> current;

  private record Compiled(String taxonomyStamp, String gazetteerStamp, Classifier classifier) {}

  public LiveRules(TaxonomySpec baseTaxonomy, GazetteerSpec baseGazetteer) {
    this.baseTaxonomy = baseTaxonomy;
    this.baseGazetteer = baseGazetteer;
    this.current = new AtomicReference<>(new Compiled(null, null, Classifier.of(baseTaxonomy, baseGazetteer)));
  }

  /** The classifier for the documents now in {@code store} (null store: the base rules). */
  public Classifier classifier(ReadOnlyKeyValueStore<String, RuleEntry> store) {
    Compiled now = current.get();
    if (store == null) {
      return now.classifier();
    }
    RuleEntry taxonomy = store.get(TAXONOMY_KEY);
    RuleEntry gazetteer = store.get(GAZETTEER_KEY);
    String taxonomyStamp = stamp(taxonomy);
    String gazetteerStamp = stamp(gazetteer);
    if (Objects.equals(taxonomyStamp, now.taxonomyStamp()) && Objects.equals(gazetteerStamp, now.gazetteerStamp())) {
      return now.classifier();
    }
    synchronized (this) {
      now = current.get();
      if (Objects.equals(taxonomyStamp, now.taxonomyStamp()) && Objects.equals(gazetteerStamp, now.gazetteerStamp())) {
        return now.classifier();
      }
      Classifier next;
      try {
        TaxonomySpec t = taxonomy == null ? baseTaxonomy : baseTaxonomy.merge(versioned(
            RuleDocuments.parseTaxonomy(taxonomy.getContent()), taxonomy.getVersion()));
        GazetteerSpec g = gazetteer == null ? baseGazetteer : baseGazetteer.merge(versioned(
            RuleDocuments.parseGazetteer(gazetteer.getContent()), gazetteer.getVersion()));
        next = Classifier.of(t, g);
        LOG.info("classification rules now {}", next.rulesVersion());
      } catch (RuntimeException e) {
        LOG.error("rules from the rules topic do not compile (taxonomy {}, gazetteer {}); keeping {}: {}",
            taxonomyStamp, gazetteerStamp, now.classifier().rulesVersion(), e.getMessage());
        next = now.classifier();
      }
      current.set(new Compiled(taxonomyStamp, gazetteerStamp, next));
      return next;
    }
  }

  private static TaxonomySpec versioned(TaxonomySpec spec, String version) {
    return spec.version() == null || spec.version().isBlank() ? new TaxonomySpec(version, spec.categories()) : spec;
  }

  private static GazetteerSpec versioned(GazetteerSpec spec, String version) {
    return spec.version() == null || spec.version().isBlank()
        ? new GazetteerSpec(version, spec.context(), spec.actors(), spec.blockers()) : spec;
  }

  private static String stamp(RuleEntry entry) {
    return entry == null ? null : entry.getVersion() + "@" + entry.getPublishedAt().toEpochMilli() + "#"
        + entry.getContent().hashCode();
  }
}
