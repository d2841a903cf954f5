package io.dipwatch.classify;

import io.dipwatch.classify.rules.GazetteerSpec;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.classify.rules.TaxonomySpec;
import io.dipwatch.classify.stream.LiveRules;
import io.dipwatch.core.topic.Topic;
import io.dipwatch.core.topic.TopicCreator;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.RuleEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a taxonomy or gazetteer file to the compacted rules topic, where every running classify instance picks
 * it up without a restart. The document is validated (parsed and compiled over the shipped rules) before it is
 * sent, so a broken file never reaches the stream; per-category topics for new categories are created.
 */
public final class RulesPublisher {
  /** The two kinds of rule document. */
  public enum Kind { TAXONOMY, GAZETTEER }

  private RulesPublisher() {}

  /**
   * Validates and publishes {@code file} as the current document of its kind.
   *
   * @param producerProps at least {@code bootstrap.servers}; serializers are set here
   * @param version the version to record (null: the document's own {@code version}, else the file's mtime stamp)
   * @return the entry as published
   * @throws IllegalArgumentException if the document does not parse or compile
   */
  public static RuleEntry publish(Properties producerProps, Topics topics, Kind kind, Path file, String version) {
    return publish(producerProps, topics, kind, file, version, (short) 1);
  }

  /** As {@link #publish(Properties, Topics, Kind, Path, String)}, creating missing category topics with this replication. */
  public static RuleEntry publish(Properties producerProps, Topics topics, Kind kind, Path file, String version,
      short replicationFactor) {
    String content = RuleDocuments.readFile(file);
    RuleEntry entry = entry(kind, content, version);
    Properties props = new Properties();
    props.putAll(producerProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (kind == Kind.TAXONOMY) {
      ensureCategoryTopics(props, topics, RuleDocuments.parseTaxonomy(content), replicationFactor);
    }
    Topic<String, RuleEntry> rules = topics.rules;
    try (KafkaProducer<String, RuleEntry> producer = new KafkaProducer<>(props, rules.keySerde().serializer(),
        rules.valueSerde().serializer())) {
      RecordMetadata md = producer.send(new ProducerRecord<>(rules.name(), entry.getId(), entry))
          .get(30, TimeUnit.SECONDS);
      if (md == null) {
        throw new IllegalStateException("no acknowledgement for rules record");
      }
      return entry;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing rules", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish rules to " + rules.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rule entry for a document after checking that it parses and compiles over the shipped rules.
   *
   * @throws IllegalArgumentException if it does not
   */
  public static RuleEntry entry(Kind kind, String content, String version) {
    String resolved;
    if (kind == Kind.TAXONOMY) {
      TaxonomySpec spec = RuleDocuments.parseTaxonomy(content);
      Classifier.of(RuleDocuments.defaultTaxonomy().merge(spec), RuleDocuments.defaultGazetteer());
      resolved = spec.version();
    } else {
      GazetteerSpec spec = RuleDocuments.parseGazetteer(content);
      Classifier.of(RuleDocuments.defaultTaxonomy(), RuleDocuments.defaultGazetteer().merge(spec));
      resolved = spec.version();
    }
    Instant now = Instant.now();
    if (version != null && !version.isBlank()) {
      resolved = version;
    } else if (resolved == null || resolved.isBlank()) {
      resolved = "published-" + now.toEpochMilli();
    }
    String key = kind == Kind.TAXONOMY ? LiveRules.TAXONOMY_KEY : LiveRules.GAZETTEER_KEY;
    return RuleEntry.newBuilder().setId(key).setKind(key).setVersion(resolved).setFormat("yaml")
        .setContent(content).setPublishedAt(now).build();
  }

  private static void ensureCategoryTopics(Properties props, Topics topics, TaxonomySpec taxonomy,
      short replicationFactor) {
    List<Topic<?, ?>> wanted = new ArrayList<>();
    taxonomy.categories().keySet().forEach(c -> wanted.add(topics.category(c)));
    if (wanted.isEmpty()) {
      return;
    }
    Properties adminProps = new Properties();
    adminProps.put("bootstrap.servers", props.get("bootstrap.servers"));
    try (Admin admin = Admin.create(adminProps)) {
      TopicCreator.ensure(admin, wanted, replicationFactor);
    }
  }
}
