package io.dipwatch.classify;

import io.dipwatch.classify.rules.GazetteerSpec;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.classify.rules.TaxonomySpec;
import io.dipwatch.classify.stream.ClassifyStreams;
import io.dipwatch.core.topic.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The classify stage as a Kafka Streams topology:
 * <pre>
 * dipwatch.news.raw ─► classify-items (rules from the global store, fingerprint)
 *   ─► classify-categorised (items with ≥ 1 category; all items with emitUncategorised)
 *   ─► classify-story-repartition (one partition: every fingerprint meets every other)
 *   ─► classify-stories (story id from the fingerprint store, re-key by story id)
 *   ─► dipwatch.events.classified
 *   └► classify-category-fanout ─► dipwatch.events.&lt;category&gt;  (one record per category)
 * dipwatch.rules ─► global store classify-rules (taxonomy/gazetteer documents, swapped in without restart)
 * </pre>
 * Classification is stateless and runs on every input partition; only story assignment is funnelled through a
 * single partition so that syndicated copies arriving on different partitions meet. That step only compares
 * 64-bit fingerprints of categorised items (most news carries no category and is dropped before), so it is cheap,
 * but it bounds the stage's parallelism: the documented trade-off of exact story ids over a sharded
 * (band-partitioned) index that could miss copies across partitions. Items without a category are not written:
 * the escalate stage ignores them; set emitUncategorised to keep them (e.g. for actor analytics).
 */
public final class ClassifyTopology {
  private ClassifyTopology() {}

  /** The topology with the base rules from {@code config} (shipped defaults plus the configured override files). */
  public static Topology build(Topics topics, ClassifyConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    build(builder, topics, config);
    return builder.build();
  }

  /** Adds the classify stage to an existing builder (the app composes several stages in one application). */
  public static void build(StreamsBuilder builder, Topics topics, ClassifyConfig config) {
    TaxonomySpec taxonomy = RuleDocuments.defaultTaxonomy();
    GazetteerSpec gazetteer = RuleDocuments.defaultGazetteer();
    if (config.taxonomyFile() != null) {
      taxonomy = taxonomy.merge(RuleDocuments.parseTaxonomy(RuleDocuments.readFile(config.taxonomyFile())));
    }
    if (config.gazetteerFile() != null) {
      gazetteer = gazetteer.merge(RuleDocuments.parseGazetteer(RuleDocuments.readFile(config.gazetteerFile())));
    }
    ClassifyStreams.addTo(builder, topics, config, taxonomy, gazetteer);
  }
}
