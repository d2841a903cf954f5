package io.dipwatch.classify.stream;

import io.dipwatch.classify.ClassifyConfig;
import io.dipwatch.classify.rules.GazetteerSpec;
import io.dipwatch.classify.rules.TaxonomySpec;
import io.dipwatch.classify.story.BandsSerde;
import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/** Wires the classify stage's processors, stores and topics into a builder; see ClassifyTopology. */
public final class ClassifyStreams {
  public static final String RULES_STORE = "classify-rules";
  public static final String STORY_STORE = "classify-story-fingerprints";
  public static final String STORY_REPARTITION = "classify-story";
  /** The one key every item is routed by to reach the story index. */
  static final String STORY_INDEX_KEY = "story-index";

  private ClassifyStreams() {}

  public static void addTo(StreamsBuilder builder, Topics topics, ClassifyConfig config, TaxonomySpec taxonomy,
      GazetteerSpec gazetteer) {
    LiveRules rules = new LiveRules(taxonomy, gazetteer);

    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(),
            DipwatchSerdes.ruleEntry()).withLoggingDisabled(),
        topics.rules.name(),
        Consumed.with(topics.rules.keySerde(), topics.rules.valueSerde()).withName("classify-rules-updater"),
        () -> new RulesStoreUpdater(RULES_STORE));

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORY_STORE), Serdes.String(),
        new BandsSerde()));

    KStream<String, ClassifiedEvent> items = builder
        .stream(topics.newsRaw.name(), topics.newsRaw.consumed())
        .process(() -> new ClassifyProcessor(rules, RULES_STORE), Named.as("classify-items"));
    if (!config.emitUncategorised()) {
      // only categorised items travel on: the single story partition sees a fraction of the feed
      items = items.filter((id, event) -> !event.getCategories().isEmpty(), Named.as("classify-categorised"));
    }
    KStream<String, ClassifiedEvent> classified = items
        .selectKey((id, event) -> STORY_INDEX_KEY, Named.as("classify-story-key"))
        .repartition(Repartitioned.with(Serdes.String(), DipwatchSerdes.classifiedEvent())
            .withName(STORY_REPARTITION).withNumberOfPartitions(1))
        .process(() -> new StoryProcessor(STORY_STORE, config), Named.as("classify-stories"), STORY_STORE);

    classified.to(topics.classified.name(), topics.classified.produced());

    classified
        .process(CategoryFanout::new, Named.as("classify-category-fanout"))
        .to(new CategoryTopics(topics), Produced.with(Serdes.String(), DipwatchSerdes.classifiedEvent())
            .withName("sink-per-category-topics"));
  }

  /** Routes a fanned-out record to the topic of the category in its header ({@code dipwatch.events.<category>}). */
  static final class CategoryTopics implements org.apache.kafka.streams.processor.TopicNameExtractor<String, ClassifiedEvent> {
    private final Topics topics;

    CategoryTopics(Topics topics) {
      this.topics = topics;
    }

    @Override
    public String extract(String key, ClassifiedEvent value, org.apache.kafka.streams.processor.RecordContext context) {
      var header = context.headers().lastHeader(CategoryFanout.HEADER_CATEGORY);
      return topics.category(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8)).name();
    }

    @Override
    public String toString() {
      return "CategoryTopics(" + topics.category("<category>").name() + ")";
    }
  }
}
