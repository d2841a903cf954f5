package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.app.pipeline.Lag;
import io.dipwatch.app.pipeline.Pipeline;
import io.dipwatch.app.pipeline.Stages;
import io.dipwatch.broker.EmbeddedKafka;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.core.model.Status;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.escalate.EscalateTopology;
import io.dipwatch.ingest.parse.ItemParser;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.source.JsonLinesSource;
import io.dipwatch.ingest.source.Progress;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs a file of items through the whole pipeline on a fresh embedded broker, with event time taken from the
 * items, then moves event time past every window so each fired key resolves, and writes every escalation
 * record. A way to ask "what would dipwatch have said about these reports".
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Run the full pipeline on a real embedded broker over a file of items; write every escalation record.")
public final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input file of items.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE|-",
      description = "Escalation records as JSON lines, or - for stdout.")
  String out;

  @Option(names = "--format", defaultValue = "jsonl", paramLabel = "F",
      description = "Input format: jsonl (default), rss, gdelt-events, gdelt-gkg.")
  String format;

  @Option(names = "--slack-webhook-url", paramLabel = "URL",
      description = "Also deliver the escalations to this Slack incoming webhook; exits when delivery is done.")
  String slackWebhookUrl;

  @Option(names = "--timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "Give up if the pipeline has not finished by then (ISO-8601, default PT10M).")
  Duration timeout;

  @Mixin
  ConfigOption config;

  /** Output order: the event time of each transition, then key and version, so equal inputs give equal files. */
  private static final Comparator<Escalation> IN_EVENT_TIME_ORDER = Comparator
      .comparing(Escalation::getEmittedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Escalation::getKey)
      .thenComparingLong(Escalation::getVersion);

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException("input file not found: " + in);
    }
    DipwatchConfig cfg = config.load();
    ItemParser parser = Stages.parser(format, cfg);
    if (slackWebhookUrl != null) {
      cfg = cfg.withDeliver(cfg.deliver().withSlack(cfg.deliver().slack().withWebhookUrl(slackWebhookUrl)));
    }
    // A file has a known end, so escalate may hold each event back by the whole grace and take events in strict
    // event-time order: the same file then gives the same records however its partitions interleave.
    cfg = cfg.withEscalate(cfg.escalate().withReorderDelay(cfg.escalate().grace()));
    Path work = Files.createTempDirectory("dipwatch-replay");
    try (EmbeddedKafka broker = EmbeddedKafka.startTemporary()) {
      cfg = cfg.withKafka(cfg.kafka().withBootstrapServers(broker.bootstrapServers())
          .withStateDir(work.resolve("streams").toString()));
      try (Pipeline pipeline = Pipeline.start(cfg, new SimpleMeterRegistry(), Pipeline.Options.replay(slackWebhookUrl != null))) {
        Instant latest;
        try (NewsPublisher publisher = NewsPublisher.connect(broker.bootstrapServers(), pipeline.topics(),
            cfg.ingest(), IngestMetrics.unregistered())) {
          latest = publish(parser, publisher);
        }
        Topics topics = pipeline.topics();
        Lag.await("classify to process every item", timeout,
            () -> lag(pipeline, "classify", topics.newsRaw.name()) == 0);
        Lag.await("escalate to process every classified item", timeout,
            () -> lag(pipeline, EscalateTopology.STAGE, topics.classified.name()) == 0);
        if (latest != null) {
          pipeline.ticker().advanceTo(latest.plus(cfg.escalate().window()).plus(cfg.escalate().grace())
              .plus(Duration.ofHours(1)));
          Lag.await("escalate to take in the end of event time", timeout,
              () -> lag(pipeline, EscalateTopology.STAGE, topics.classified.name(), topics.ticks.name()) == 0);
        }
        List<Escalation> records = new ArrayList<>();
        DipwatchConfig running = cfg;
        Lag.await("every fired key to resolve", timeout, () -> allResolved(readAll(running, topics), records));
        records.sort(IN_EVENT_TIME_ORDER);
        try (Writer writer = Io.create(out)) {
          for (Escalation e : records) {
            writer.write(Json.mapper().writeValueAsString(RecordJson.escalation(e)));
            writer.write('\n');
          }
        }
        if (pipeline.notifier() != null && !pipeline.notifier().awaitIdle(timeout)) {
          throw new IllegalStateException("Slack delivery did not finish within " + timeout);
        }
        System.err.printf("replay: %d escalation records for %d keys%n", records.size(),
            records.stream().map(Escalation::getKey).distinct().count());
        System.err.printf("replay: %d classified events%n", readAllRaw(running, topics.classified.name()).size());
        for (ConsumerRecord<byte[], byte[]> parked : readAllRaw(running, topics.dlq.name())) {
          System.err.printf("replay: parked by %s: %s%n", DeadLetters.header(parked.headers(), DeadLetters.HEADER_STAGE),
              DeadLetters.header(parked.headers(), DeadLetters.HEADER_MESSAGE));
        }
      }
    } finally {
      deleteQuietly(work);
    }
    return 0;
  }

  /** Publishes every item of the file through the ingest path; returns the latest event time seen. */
  private Instant publish(ItemParser parser, NewsPublisher publisher) throws Exception {
    AtomicReference<Instant> latest = new AtomicReference<>();
    ItemParser tracking = new ItemParser() {
      @Override
      public String format() {
        return parser.format();
      }

      @Override
      public void parse(InputStream input, String origin, ParseSink sink) throws java.io.IOException {
        parser.parse(input, origin, new ParseSink() {
          @Override
          public void item(NewsItem item) {
            latest.accumulateAndGet(item.getPublishedAt(), (a, b) -> a == null || b.isAfter(a) ? b : a);
            sink.item(item);
          }

          @Override
          public void reject(Reject reject) {
            System.err.println("rejected " + reject.origin() + ": " + reject.reason());
            sink.reject(reject);
          }
        });
      }
    };
    try (Progress progress = Progress.onStderr("replay", Files.size(in));
        JsonLinesSource source = new JsonLinesSource(tracking, publisher, "replay")) {
      source.readFile(in, progress);
    }
    publisher.flush();
    return latest.get();
  }

  private static long lag(Pipeline pipeline, String stage, String... topics) {
    try {
      return Lag.of(pipeline.admin(), pipeline.groupOf(stage), List.of(topics));
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  /** Every escalation record on the topic so far, in offset order per key. */
  private static List<Escalation> readAll(DipwatchConfig cfg, Topics topics) {
    return readAllRaw(cfg, topics.escalations.name()).stream()
        .map(record -> topics.escalations.deserializeValue(record.value())).toList();
  }

  /** Every committed record on a topic so far. */
  private static List<ConsumerRecord<byte[], byte[]>> readAllRaw(DipwatchConfig cfg, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }

  private static boolean allResolved(List<Escalation> all, List<Escalation> into) {
    Map<String, Escalation> last = new HashMap<>();
    all.forEach(e -> last.put(e.getKey(), e));
    boolean done = last.values().stream().allMatch(e -> Status.RESOLVED.name().equals(e.getStatus()));
    if (done) {
      into.clear();
      into.addAll(all);
    }
    return done;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temp folder left behind is harmless
    }
  }
}
