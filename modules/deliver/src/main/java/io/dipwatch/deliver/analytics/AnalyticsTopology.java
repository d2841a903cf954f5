package io.dipwatch.deliver.analytics;

import io.dipwatch.core.json.RecordJson;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.DeliveryConfig;
import io.dipwatch.schema.CategoryCount;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The topics analysts build on, beside the escalations topic itself (the full history of transitions) and
 * the per-category topics that classify writes: {@code analytics.counts}, the final number of classified
 * items per category × actor in each hour of event time (emitted once, when the hour and its grace have
 * passed), and optionally {@code escalations.json}, every escalation as a JSON line for consumers without Avro.
 */
public final class AnalyticsTopology {
  public static final Duration HOUR = Duration.ofHours(1);
  public static final String COUNTS_STORE = "analytics-counts-store";
  /** Key of the records that only carry event time to every partition; never counted in the output. */
  static final String TICK = "__tick__";
  static final Duration TICK_INTERVAL = Duration.ofMinutes(1);

  private AnalyticsTopology() {}

  /** Event time of a classified item: when it was published. */
  static final TimestampExtractor PUBLISHED_AT = (record, partitionTime) ->
      record.value() instanceof ClassifiedEvent e ? e.getPublishedAt().toEpochMilli() : record.timestamp();

  public static Topology build(Topics topics, DeliveryConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.classified.name(), topics.classified.consumed().withTimestampExtractor(PUBLISHED_AT))
        .process(CategoryActorPairs::new, Named.as("analytics-counts-category-actor-pairs"))
        .repartition(Repartitioned.<String, String>as("analytics-counts-by-category-actor")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.String())
            .withStreamPartitioner(new TickMulticast()))
        .groupByKey(Grouped.with("analytics-counts-grouped", Serdes.String(), Serdes.String()))
        .windowedBy(TimeWindows.ofSizeAndGrace(HOUR, config.analytics().countsGrace()))
        .emitStrategy(EmitStrategy.onWindowClose())
        .count(Named.as("analytics-counts-count"),
            Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(COUNTS_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream(Named.as("analytics-counts-final"))
        .filter((window, count) -> !window.key().equals(TICK), Named.as("analytics-counts-drop-ticks"))
        .map(AnalyticsTopology::countRecord, Named.as("analytics-counts-to-record"))
        .to(topics.analyticsCounts.name(), topics.analyticsCounts.produced());

    if (config.analytics().jsonMirror()) {
      builder.stream(topics.escalations.name(), topics.escalations.consumed())
          .mapValues(e -> RecordJson.escalation(e).toString(), Named.as("analytics-escalations-to-json"))
          .to(topics.escalationsJson.name(), topics.escalationsJson.produced());
    }
    return builder.build();
  }

  /**
   * One "category|actor" record per category and actor of an item (items without either count nowhere),
   * plus, at most once a minute of event time per task, a {@link #TICK} that reaches every partition of the
   * repartition topic. Stream time is kept per partition, so without the tick an hour would stay open on a
   * partition that happens to get no later item — and its final count would never be emitted.
   */
  static final class CategoryActorPairs implements Processor<String, ClassifiedEvent, String, String> {
    private ProcessorContext<String, String> context;
    private long lastTick = Long.MIN_VALUE;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, ClassifiedEvent> record) {
      ClassifiedEvent event = record.value();
      if (event == null) {
        return;
      }
      List<String> actors = event.getActors().stream().distinct().toList();
      for (String category : event.getCategories().stream().map(CategoryScore::getName).distinct().toList()) {
        for (String actor : actors) {
          context.forward(record.withKey(category + "|" + actor).withValue(event.getId()));
        }
      }
      if (record.timestamp() >= lastTick + TICK_INTERVAL.toMillis()) {
        lastTick = record.timestamp();
        context.forward(record.withKey(TICK).withValue(""));
      }
    }
  }

  /** Sends ticks to every partition and everything else where the default partitioner would. */
  static final class TickMulticast implements StreamPartitioner<String, String> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, String value, int numPartitions) {
      if (!TICK.equals(key)) {
        return Optional.empty();
      }
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
  }

  private static KeyValue<String, CategoryCount> countRecord(Windowed<String> window, Long count) {
    String[] categoryActor = window.key().split("\\|", 2);
    Instant hourStart = window.window().startTime();
    CategoryCount value = CategoryCount.newBuilder()
        .setCategory(categoryActor[0])
        .setActor(categoryActor.length > 1 ? categoryActor[1] : "")
        .setHourStart(hourStart)
        .setCount(count)
        .build();
    return KeyValue.pair(key(value.getCategory(), value.getActor(), hourStart), value);
  }

  /** The key of a count: {@code category|actor|hourStartIso}, e.g. {@code SANCTIONS|PRK|2026-03-01T12:00:00Z}. */
  public static String key(String category, String actor, Instant hourStart) {
    return category + "|" + actor + "|" + hourStart;
  }
}
