package io.dipwatch.escalate;

import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.core.serde.JsonSerde;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The escalate stage: classified events fan out to their cluster keys, travel (with each input partition's
 * watermark ticks multicast to every partition) through one named repartition topic, and a stateful processor
 * turns each key's sliding window into lifecycle records on {@code escalations} and its compacted twin;
 * events that come later than the grace are parked on the dead-letter topic. Silences are a global table.
 */
public final class EscalateTopology {
  public static final String STAGE = "escalate";
  public static final String REPARTITION = "escalate-by-cluster-key";
  /** Per key: the window's counts, baseline, throttle flag and timer ({@link ClusterState}). */
  public static final String CLUSTER_STORE = "escalate-cluster-summaries";
  /**
   * The window's item copies, one entry each, in time order per key; stories, sources, redeliveries and the
   * evidence ranking are derived from them ({@link ClusterWindow}).
   */
  public static final String COPY_STORE = "escalate-copies";
  public static final String TIMER_STORE = "escalate-timers";
  /** Events ahead of the release time, waiting to be taken in in event-time order ({@link LifecycleProcessor}). */
  public static final String EARLY_STORE = "escalate-early-events";
  public static final String WATERMARK_STORE = "escalate-watermarks";
  public static final String CURRENT_STORE = "escalate-current";
  /** Lifecycle records by {@link #historyKey}: a key's last {@code historyPerKey} versions. */
  public static final String HISTORY_STORE = "escalate-history";
  public static final String SILENCE_STORE = "escalate-silences";

  private EscalateTopology() {}

  /** Key of one record in the history store; zero-padded so a key's versions sort in order. */
  public static String historyKey(String clusterKey, long version) {
    return String.format(java.util.Locale.ROOT, "%s#%019d", clusterKey, version);
  }

  /**
   * The stage's Streams settings: the shared ones ({@link StreamsProps#forStage}: exactly-once, explicit
   * names, dead letters), bounded RocksDB memory, and {@code application.server} for the query API
   * (null when the instance serves no queries).
   */
  public static Properties streamsProperties(KafkaSettings kafka, Topics topics, EscalationConfig config,
      HostInfo applicationServer) {
    Properties props = StreamsProps.forStage(kafka, topics, STAGE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
    props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, Long.toString(config.rocksDbMemoryBytes()));
    if (applicationServer != null) {
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer.host() + ":" + applicationServer.port());
    }
    return props;
  }

  public static Topology build(Topics topics, EscalationConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(topics.silences.name(),
        Consumed.with(topics.silences.keySerde(), topics.silences.valueSerde()).withName("escalate-silences-global"),
        Materialized.<String, Silence, KeyValueStore<Bytes, byte[]>>as(SILENCE_STORE)
            .withKeySerde(topics.silences.keySerde()).withValueSerde(topics.silences.valueSerde()));

    KStream<String, ClassifiedEvent> events = builder.stream(topics.classified.name(),
        topics.classified.consumed().withTimestampExtractor(
            (record, partitionTime) -> record.value() instanceof ClassifiedEvent e
                ? e.getPublishedAt().toEpochMilli() : partitionTime));
    KStream<String, Signal> external = builder.stream(topics.ticks.name(),
            topics.ticks.consumed().withTimestampExtractor(
                (record, partitionTime) -> record.value() instanceof Long at ? at : partitionTime))
        .mapValues((key, at) -> Signal.tick(at, Signal.EXTERNAL), Named.as("escalate-external-tick"));
    ProcessorSupplier<String, Signal, String, Signal> fanOut = () -> new ClusterFanOut(config);
    KStream<String, Signal> signals = events
        .mapValues(event -> event == null ? null : Signal.of(event), Named.as("escalate-event-signal"))
        .merge(external, Named.as("escalate-merge-ticks"))
        .process(fanOut, Named.as("escalate-fan-out"))
        .repartition(Repartitioned.<String, Signal>as(REPARTITION)
            .withKeySerde(Serdes.String())
            .withValueSerde(Signal.serde())
            .withStreamPartitioner(new MulticastTickPartitioner()));

    KStream<String, Emission> emissions =
        signals.process(lifecycle(config, topics.partitions()), Named.as("escalate-lifecycle"));

    emissions.split(Named.as("escalate-emit"))
        .branch((key, emission) -> emission.isLifecycle(), Branched.withConsumer(records -> {
          KStream<String, Escalation> lifecycleRecords =
              records.mapValues(Emission::escalation, Named.as("escalate-lifecycle-record"));
          lifecycleRecords.to(topics.escalations.name(), topics.escalations.produced());
          lifecycleRecords.to(topics.escalationsState.name(), topics.escalationsState.produced());
        }, "-lifecycle"))
        .defaultBranch(Branched.withConsumer(parked -> parked
            .map((key, emission) -> KeyValue.pair(
                    emission.late().storyId().getBytes(StandardCharsets.UTF_8), emission.late().avro()),
                Named.as("escalate-late-dead-letter"))
            .to(topics.dlq.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("sink-" + topics.dlq.name() + "-late")), "-late"));
    return builder.build();
  }

  /**
   * The lifecycle processor with its changelogged stores (bounded: evicted with the window, capped per key;
   * the summaries and timers cached, so a hot key's summary reaches RocksDB and the changelog once per commit,
   * not per event); {@code inputs} is the number of input partitions (of classified and ticks) whose watermarks
   * it awaits.
   */
  static ProcessorSupplier<String, Signal, String, Emission> lifecycle(EscalationConfig config, int inputs) {
    long retainMs = config.window().plus(config.grace()).toMillis();
    return new ProcessorSupplier<>() {
      @Override
      public LifecycleProcessor get() {
        return new LifecycleProcessor(config, STAGE, inputs);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        Map<String, String> evicting = Map.of("min.compaction.lag.ms", "0",
            "delete.retention.ms", Long.toString(Math.min(retainMs, Duration.ofDays(1).toMillis())));
        return new LinkedHashSet<>(List.of(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLUSTER_STORE), Serdes.String(),
                new JsonSerde<>(ClusterState.class)).withLoggingEnabled(evicting).withCachingEnabled(),
            // written once and deleted once per copy, read only to rebuild a key's view: a cache saves nothing
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COPY_STORE), Serdes.String(),
                new JsonSerde<>(ClusterState.Copy.class)).withLoggingEnabled(evicting).withCachingDisabled(),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EARLY_STORE), Serdes.String(),
                new JsonSerde<>(ClusterState.Copy.class)).withLoggingEnabled(evicting).withCachingEnabled(),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE), Serdes.String(),
                Serdes.String()).withLoggingEnabled(evicting).withCachingEnabled(),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WATERMARK_STORE), Serdes.String(),
                Serdes.Long()).withLoggingEnabled(Map.of()).withCachingEnabled(),
            // the query API reads these two; IQv2 range queries bypass the record cache, so they are not
            // cached (they change only when a record is emitted) and every endpoint sees the same state
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CURRENT_STORE), Serdes.String(),
                DipwatchSerdes.escalation()).withLoggingEnabled(Map.of()).withCachingDisabled(),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.String(),
                DipwatchSerdes.escalation()).withLoggingEnabled(Map.of()).withCachingDisabled()));
      }
    };
  }
}
