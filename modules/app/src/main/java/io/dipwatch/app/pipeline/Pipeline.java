package io.dipwatch.app.pipeline;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.classify.ClassifyTopology;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.config.StreamsProps;
import io.dipwatch.core.topic.TopicCreator;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.Notifier;
import io.dipwatch.deliver.analytics.AnalyticsTopology;
import io.dipwatch.escalate.EscalateTopology;
import io.dipwatch.escalate.Ticker;
import io.dipwatch.ingest.NewsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stream stages on one cluster: topics created, the classify, escalate and analytics Streams apps,
 * the ticker that moves event time, and the notifier. Ingest runs beside it and talks to it only by topics. {@code run}, {@code replay} and
 * {@code bench} all start it; each stage stays its own Streams application talking to the others by topics.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /**
   * What to start besides classify and escalate.
   *
   * @param tickInterval wall-clock ticks for live runs; null for a manual ticker (replays of past events)
   * @param applicationServer where this instance answers escalation queries, or null
   */
  public record Options(boolean analytics, boolean deliver, Duration tickInterval, HostInfo applicationServer) {
    public static Options live(HostInfo server) {
      return new Options(true, true, Duration.ofSeconds(30), server);
    }

    public static Options replay(boolean deliver) {
      return new Options(false, deliver, null, null);
    }
  }

  private final DipwatchConfig config;
  private final Topics topics;
  private final Admin admin;
  private final List<StreamsApp> apps = new ArrayList<>();
  private final Ticker ticker;
  private final Notifier notifier;

  private Pipeline(DipwatchConfig config, MeterRegistry registry, Options options) throws Exception {
    this.config = config;
    this.topics = config.topics();
    KafkaSettings kafka = config.kafka();
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    this.admin = Admin.create(adminProps);
    TopicCreator.ensure(admin, topics.all(Stages.categories(config)), kafka.replicationFactor());

    apps.add(new StreamsApp("classify", ClassifyTopology.build(topics, config.classify()),
        StreamsProps.forStage(kafka, topics, "classify"), registry));
    apps.add(new StreamsApp(EscalateTopology.STAGE, EscalateTopology.build(topics, config.escalate()),
        EscalateTopology.streamsProperties(kafka, topics, config.escalate(), options.applicationServer()), registry));
    if (options.analytics()) {
      apps.add(new StreamsApp("analytics", AnalyticsTopology.build(topics, config.deliver()),
          StreamsProps.forStage(kafka, topics, "analytics"), registry));
    }
    apps.forEach(StreamsApp::start);
    for (StreamsApp app : apps) {
      app.awaitRunning(Duration.ofSeconds(60));
    }

    Properties tickerProps = NewsPublisher.producerProps(kafka.bootstrapServers());
    this.ticker = options.tickInterval() == null
        ? Ticker.manual(tickerProps, topics)
        : Ticker.wallClock(tickerProps, topics, options.tickInterval());
    this.notifier = options.deliver() && config.deliver().hasDestinations()
        ? new Notifier(kafka, topics, config.deliver(), registry, java.time.Clock.systemUTC())
        : null;
    if (notifier != null) {
      notifier.start();
    }
    LOG.info("pipeline running on {} (stages: {}{})", kafka.bootstrapServers(),
        apps.stream().map(StreamsApp::stage).toList(), notifier == null ? "" : ", notifier");
  }

  public static Pipeline start(DipwatchConfig config, MeterRegistry registry, Options options) throws Exception {
    return new Pipeline(config, registry, options);
  }

  /** Per-stage state under one folder, so a restart finds its stores again. */
  public static KafkaSettings stateUnder(KafkaSettings kafka, Path folder) {
    return kafka.withStateDir(folder.toAbsolutePath().toString());
  }

  public Topics topics() {
    return topics;
  }

  public Admin admin() {
    return admin;
  }

  public Ticker ticker() {
    return ticker;
  }

  public Notifier notifier() {
    return notifier;
  }

  public StreamsApp app(String stage) {
    return apps.stream().filter(a -> a.stage().equals(stage)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage " + stage));
  }

  /** Application id (= consumer group) of a stage. */
  public String groupOf(String stage) {
    return config.kafka().applicationIdPrefix() + "-" + stage;
  }

  @Override
  public void close() {
    if (notifier != null) {
      notifier.close();
    }
    ticker.close();
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).close();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
