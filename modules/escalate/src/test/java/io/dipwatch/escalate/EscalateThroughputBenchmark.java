package io.dipwatch.escalate;

import static io.dipwatch.escalate.Events.event;

import io.dipwatch.core.model.Categories;
import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.schema.ClassifiedEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Prints the cost of escalate's per-key work: signals per second through the lifecycle processor on its real
 * RocksDB stores (without changelogging, caching or commits, which MockProcessorContext does not support), over
 * a month of synthetic news on 40 actors, once spread evenly and once with a third of the items on one hot
 * pair (PRK|RUS, the shape of real news, where a key's window holds up to {@code maxCopiesPerKey} copies), plus
 * the whole topology's rate in TopologyTestDriver (which commits after every record, so it is a floor).
 * Run with {@code java -cp ... io.dipwatch.escalate.EscalateThroughputBenchmark [events]}; not a test.
 */
public final class EscalateThroughputBenchmark {
  private EscalateThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    long spanMs = Duration.ofDays(30).toMillis();
    EscalationConfig config = EscalationConfig.defaults();
    lifecycle("spread keys", synthetic(count, start, spanMs, 0.0), config, start, spanMs);
    List<ClassifiedEvent> events = synthetic(count, start, spanMs, 1 / 3.0);
    lifecycle("hot key", events, config, start, spanMs);

    int driverCount = Math.min(count, 5_000);
    try (Harness h = new Harness(config, Instant.now())) {
      long d0 = System.nanoTime();
      for (ClassifiedEvent e : events.subList(0, driverCount)) {
        h.classified.pipeInput(e.getStoryId(), e, e.getPublishedAt());
      }
      double driverSeconds = (System.nanoTime() - d0) / 1e9;
      System.out.printf("topology in TopologyTestDriver (hot key): %d events in %.2f s = %.0f events/s%n",
          driverCount, driverSeconds, driverCount / driverSeconds);
    }
    System.out.println("(" + new Topics().partitions() + " partitions in production spread the keys over tasks)");
  }

  private static void lifecycle(String name, List<ClassifiedEvent> events, EscalationConfig config, Instant start,
      long spanMs) throws Exception {
    ClusterKeys keys = new ClusterKeys(config);

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "escalate-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    MockProcessorContext<String, Emission> context = new MockProcessorContext<>(props, new TaskId(2, 0),
        Files.createTempDirectory("escalate-bench").toFile());
    context.setCurrentSystemTimeMs(System.currentTimeMillis());
    var supplier = EscalateTopology.lifecycle(config, 1);
    List<StoreBuilder<?>> builders = new ArrayList<>(supplier.stores());
    builders.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EscalateTopology.SILENCE_STORE),
        Serdes.String(), DipwatchSerdes.silence()));
    List<StateStore> stores = builders.stream()
        .map(b -> (StateStore) b.withLoggingDisabled().withCachingDisabled().build()).toList();
    for (StateStore store : stores) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    Processor<String, Signal, String, Emission> processor = supplier.get();
    processor.init(context);
    long signals = 0;
    long lastTick = Long.MIN_VALUE;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (ClassifiedEvent e : events) {
      long at = e.getPublishedAt().toEpochMilli();
      if (at - lastTick >= config.watermarkEvery().toMillis()) {
        processor.process(new Record<>(Signal.TICK_KEY, Signal.tick(at, "partition-0"), at));
        lastTick = at;
      }
      for (String key : keys.keysOf(e)) {
        processor.process(new Record<>(key, Signal.of(e), at));
        signals++;
      }
    }
    processor.process(new Record<>(Signal.TICK_KEY, Signal.tick(start.toEpochMilli() + spanMs * 2, "partition-0"), 0L));
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    System.out.printf("lifecycle processor (%s): %d signals in %.2f s = %.0f signals/s (%.0f per CPU-second),"
        + " %d lifecycle records%n", name, signals, seconds, signals / seconds, signals / cpuSeconds,
        context.forwarded().size());
    stores.forEach(StateStore::close);
  }

  /** {@code hotShare} of the items are about PRK and RUS (the rest pick two of 40 actors at random). */
  private static List<ClassifiedEvent> synthetic(int count, Instant start, long spanMs, double hotShare) {
    Random random = new Random(42);
    List<String> actors = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      actors.add("" + (char) ('A' + i / 26) + (char) ('A' + i % 26) + "X");
    }
    List<ClassifiedEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean hot = random.nextDouble() < hotShare;
      String a = hot ? "PRK" : actors.get(random.nextInt(actors.size()));
      String b = hot ? "RUS" : actors.get(random.nextInt(actors.size()));
      String category = Categories.DEFAULTS.get(random.nextInt(4));
      events.add(event("item-" + i, "story-" + random.nextInt(count / 2), "outlet" + random.nextInt(30) + ".example",
          start.plusMillis(spanMs * i / count), List.of(category), a, b, "UN"));
    }
    return events;
  }
}
