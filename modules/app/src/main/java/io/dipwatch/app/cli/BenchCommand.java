package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.app.pipeline.Lag;
import io.dipwatch.app.pipeline.Pipeline;
import io.dipwatch.app.pipeline.StreamsApp;
import io.dipwatch.broker.EmbeddedKafka;
import io.dipwatch.classify.bench.ClassifierBench;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.core.topic.Topic;
import io.dipwatch.core.topic.TopicCreator;
import io.dipwatch.core.topic.TopicSpec;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.escalate.EscalateTopology;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.schema.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput and latency of the classify + escalate stages beside a raw pass-through (a Streams app that only
 * copies records, with the same exactly-once settings) on the same embedded broker in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Pipeline throughput and latency beside a raw broker pass-through; last line: throughput-ratio.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--items", defaultValue = "20000", description = "Items in the throughput burst (default 20000).")
  int items;

  @Option(names = "--warmup-items", defaultValue = "500", description = "Items sent and fully processed before the "
      + "clock starts, so start-up (JIT, first fetches, topic metadata) is not counted (default 500).")
  int warmupItems;

  @Option(names = "--latency-items", defaultValue = "300", description = "Paced items for latency (default 300).")
  int latencyItems;

  @Option(names = "--rate", defaultValue = "100", description = "Paced items per second for latency (default 100).")
  int rate;

  @Option(names = "--classifier", description = "Instead: the JMH benchmark of the classifier against a naive "
      + "per-term regex classifier (items/s per core).")
  boolean classifier;

  @Option(names = "--quick", description = "With --classifier: fewer, shorter JMH iterations.")
  boolean quick;

  @Mixin
  ConfigOption config;

  /** One measured run: burst throughput and paced end-to-end latency. */
  record Result(String name, double itemsPerSecond, double p50Millis, double p99Millis) {
    String line() {
      return String.format("%-12s throughput %9.0f items/s   latency p50 %7.1f ms   p99 %7.1f ms", name,
          itemsPerSecond, p50Millis, p99Millis);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (classifier) {
      ClassifierBench.main(quick ? new String[] {"--quick"} : new String[0]);
      return 0;
    }
    List<String> pool = sentences();
    Path work = Files.createTempDirectory("dipwatch-bench");
    try (EmbeddedKafka broker = EmbeddedKafka.startTemporary()) {
      DipwatchConfig cfg = config.load();
      cfg = cfg.withKafka(cfg.kafka().withBootstrapServers(broker.bootstrapServers())
          .withStateDir(work.resolve("streams").toString()));
      cfg = cfg.withClassify(cfg.classify().withEmitUncategorised(true));
      System.out.printf("bench: %d items of ~%d bytes after %d warm-up items, broker %s, %d cores%n", items,
          averageSize(pool), warmupItems, broker.bootstrapServers(), Runtime.getRuntime().availableProcessors());

      Result pipeline = runPipeline(cfg, pool);
      System.out.println(pipeline.line());
      Result passThrough = runPassThrough(cfg, pool);
      System.out.println(passThrough.line());
      System.out.printf("throughput-ratio: %.3f%n", pipeline.itemsPerSecond() / passThrough.itemsPerSecond());
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private Result runPipeline(DipwatchConfig cfg, List<String> pool) throws Exception {
    try (Pipeline pipeline = Pipeline.start(cfg, new SimpleMeterRegistry(), Pipeline.Options.replay(false))) {
      Topics topics = pipeline.topics();
      Function<byte[], String> idOf = bytes -> topics.classified.deserializeValue(bytes).getId();
      return measure("pipeline", cfg, topics.newsRaw, topics.classified.name(), idOf, pool, () -> Map.of(
          "classify", Lag.of(pipeline.admin(), pipeline.groupOf("classify"), List.of(topics.newsRaw.name())),
          "escalate", Lag.of(pipeline.admin(), pipeline.groupOf(EscalateTopology.STAGE),
              List.of(topics.classified.name()))));
    }
  }

  private Result runPassThrough(DipwatchConfig cfg, List<String> pool) throws Exception {
    Topics topics = cfg.topics();
    Topic<String, NewsItem> input = new Topic<>("bench.passthrough.in", Serdes.String(), DipwatchSerdes.newsItem(),
        TopicSpec.stream(topics.partitions(), TopicSpec.WEEK));
    Topic<byte[], byte[]> output = new Topic<>("bench.passthrough.out", Serdes.ByteArray(), Serdes.ByteArray(),
        TopicSpec.stream(topics.partitions(), TopicSpec.WEEK));
    Properties adminProps = new Properties();
    adminProps.put("bootstrap.servers", cfg.kafka().bootstrapServers());
    try (var admin = org.apache.kafka.clients.admin.Admin.create(adminProps)) {
      TopicCreator.ensure(admin, List.of(input, output), cfg.kafka().replicationFactor());
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(input.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-source"))
          .to(output.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bench-sink"));
      Properties props = StreamsProps.forStage(cfg.kafka(), topics, "bench-passthrough");
      try (StreamsApp app = new StreamsApp("bench-passthrough", builder.build(props), props, new SimpleMeterRegistry())) {
        app.start();
        app.awaitRunning(Duration.ofSeconds(60));
        String group = cfg.kafka().applicationIdPrefix() + "-bench-passthrough";
        Function<byte[], String> idOf = bytes -> input.deserializeValue(bytes).getId();
        return measure("pass-through", cfg, input, output.name(), idOf, pool,
            () -> Map.of("pass-through", Lag.of(admin, group, List.of(input.name()))));
      }
    }
  }

  /** Records each stage still has to process, by stage. */
  interface Backlog {
    Map<String, Long> now() throws Exception;
  }

  private Result measure(String name, DipwatchConfig cfg, Topic<String, NewsItem> input, String outputTopic,
      Function<byte[], String> idOf, List<String> pool, Backlog backlog) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = new Thread(() -> readOutput(cfg, outputTopic, idOf, seenAt, reading), "bench-reader");
    reader.start();
    Random random = new Random(42);
    Properties producerProps = NewsPublisher.producerProps(cfg.kafka().bootstrapServers());
    try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < warmupItems; i++) {
        send(producer, input, item(name + "-warmup-" + i, pool, random, i), sentAt);
      }
      producer.flush();
      awaitDone(name + " warm-up", backlog);
      long start = System.nanoTime();
      for (int i = 0; i < items; i++) {
        send(producer, input, item(name + "-burst-" + i, pool, random, warmupItems + i), sentAt);
      }
      producer.flush();
      awaitDone(name, backlog);
      double seconds = (System.nanoTime() - start) / 1e9;

      List<String> paced = new ArrayList<>();
      long interval = 1_000_000_000L / Math.max(1, rate);
      long next = System.nanoTime();
      for (int i = 0; i < latencyItems; i++) {
        NewsItem item = item(name + "-paced-" + i, pool, random, warmupItems + items + i);
        paced.add(item.getId());
        while (System.nanoTime() < next) {
          Thread.onSpinWait();
        }
        send(producer, input, item, sentAt);
        producer.flush();
        next += interval;
      }
      Lag.await(name + " to deliver the paced items", Duration.ofMinutes(2),
          () -> paced.stream().allMatch(seenAt::containsKey));
      reading.set(false);
      reader.join(5000);
      double[] latencies = paced.stream().mapToDouble(id -> (seenAt.get(id) - sentAt.get(id)) / 1e6).sorted().toArray();
      return new Result(name, items / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99));
    }
  }

  private static void awaitDone(String name, Backlog backlog) throws Exception {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(10).toNanos();
    long nextReport = start + Duration.ofSeconds(5).toNanos();
    Map<String, Long> left = backlog.now();
    while (left.values().stream().anyMatch(lag -> lag > 0)) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException(name + " did not catch up within 10 minutes: backlog " + left);
      }
      if (now > nextReport) {
        System.err.printf("bench: %s backlog after %.0f s: %s%n", name, (now - start) / 1e9, left);
        nextReport = now + Duration.ofSeconds(5).toNanos();
      }
      Thread.sleep(20);
      left = backlog.now();
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, Topic<String, NewsItem> topic, NewsItem item,
      Map<String, Long> sentAt) {
    sentAt.put(item.getId(), System.nanoTime());
    producer.send(new ProducerRecord<>(topic.name(), topic.serializeKey(item.getId()), topic.serializeValue(item)));
  }

  private static void readOutput(DipwatchConfig cfg, String topic, Function<byte[], String> idOf,
      Map<String, Long> seenAt, AtomicBoolean reading) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (reading.get()) {
        for (var record : consumer.poll(Duration.ofMillis(50))) {
          seenAt.putIfAbsent(idOf.apply(record.value()), System.nanoTime());
        }
      }
    }
  }

  /** The n-th item of a stream whose event time moves forward a minute per item, give or take ten. */
  private static NewsItem item(String id, List<String> pool, Random random, int n) {
    int count = 9 + random.nextInt(5);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < count; i++) {
      body.append(pool.get(random.nextInt(pool.size()))).append(' ');
    }
    Instant published = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * n + random.nextInt(1200) - 600);
    return NewsItem.newBuilder().setId(id).setTitle(pool.get(random.nextInt(pool.size())))
        .setBody(body.toString().trim()).setUrl("https://outlet" + random.nextInt(20) + ".example/" + id)
        .setSource("outlet" + random.nextInt(20) + ".example").setSourceType("bench").setPublishedAt(published)
        .setFetchedAt(Instant.now()).build();
  }

  private static List<String> sentences() throws java.io.IOException {
    try (var in = BenchCommand.class.getClassLoader().getResourceAsStream("bench/sentences.txt");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private static int averageSize(List<String> pool) {
    double sentence = pool.stream().mapToInt(String::length).average().orElse(0);
    return (int) (sentence * 12);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
