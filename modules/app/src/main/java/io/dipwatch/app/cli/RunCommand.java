package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.app.DipwatchConfig.HttpSettings;
import io.dipwatch.app.pipeline.Pipeline;
import io.dipwatch.app.web.LiveFeed;
import io.dipwatch.app.web.WebServer;
import io.dipwatch.broker.EmbeddedKafka;
import io.dipwatch.escalate.EscalateTopology;
import io.dipwatch.escalate.EscalationQueries;
import io.dipwatch.escalate.EscalationsHttpHandler;
import io.dipwatch.ingest.IngestService;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole pipeline, kept running until Ctrl-C: the embedded broker (or an external cluster), ingest from
 * the configured sources, the stream stages, delivery, and the HTTP server with API, metrics and dashboard.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline (embedded KRaft broker by default) until Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
      description = "Use this Kafka cluster instead of the embedded broker.")
  String bootstrapServers;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Where the embedded broker and the stream stores keep their data (default: ./data).")
  Path dataDir;

  @Option(names = {"-i", "--input"}, paramLabel = "PATH",
      description = "JSON-lines file to read, or folder to watch for new files (repeatable).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--http-host", paramLabel = "HOST", description = "HTTP bind address (default from config: 127.0.0.1).")
  String httpHost;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default from config: 8080; 0 = any free port).")
  Integer httpPort;

  @Mixin
  ConfigOption config;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  @Override
  public Integer call() throws Exception {
    DipwatchConfig cfg = config.load();
    HttpSettings http = new HttpSettings(httpHost != null ? httpHost : cfg.http().host(),
        httpPort != null ? httpPort : cfg.http().port());
    cfg = cfg.withHttp(http);
    Thread hook = new Thread(this::shutdown, "dipwatch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String servers = bootstrapServers;
      if (servers == null || servers.isBlank()) {
        Files.createDirectories(dataDir);
        EmbeddedKafka broker = EmbeddedKafka.builder().dataDir(dataDir.resolve("kafka"))
            .onFatalError(e -> {
              LOG.error("embedded broker failed: {}; stopping", e.toString());
              stop.countDown();
            }).start();
        running.push(broker);
        servers = broker.bootstrapServers();
      }
      cfg = cfg.withKafka(Pipeline.stateUnder(cfg.kafka().withBootstrapServers(servers), dataDir.resolve("streams")));

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      running.push(gc);

      // The query API forwards to the instance owning a key, so it must advertise the real port.
      int port = http.port() == 0 ? freePort(http.host()) : http.port();
      Pipeline pipeline = Pipeline.start(cfg, registry, Pipeline.Options.live(new HostInfo(http.host(), port)));
      running.push(pipeline);

      List<String> paths = new ArrayList<>(cfg.ingest().jsonlPaths());
      for (Path input : inputs) {
        if (!Files.exists(input)) {
          throw new IllegalArgumentException("input not found: " + input);
        }
        paths.add(input.toString());
      }
      IngestService ingest = IngestService.start(servers, pipeline.topics(), cfg.ingest().withJsonlPaths(paths),
          registry);
      running.push(ingest);

      LiveFeed live = new LiveFeed(servers, pipeline.topics().escalationsState);
      running.push(live);
      Map<String, com.sun.net.httpserver.HttpHandler> handlers = new LinkedHashMap<>();
      handlers.put("/api/items", ingest.itemsHandler(!http.loopbackOnly()));
      handlers.put(EscalationsHttpHandler.PATH, new EscalationsHttpHandler(
          new EscalationQueries(pipeline.app(EscalateTopology.STAGE).streams(), new HostInfo(http.host(), port))));
      WebServer web = new WebServer(http.host(), port, handlers, registry, live);
      running.push(web);

      System.err.printf("dipwatch running: broker %s, dashboard http://%s:%d/ — Ctrl-C to stop%n", servers,
          http.host(), web.port());
      stop.await();
      return 0;
    } finally {
      shutdown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: nothing to remove
      }
    }
  }

  /** Stops a running pipeline as Ctrl-C does; for embedding and tests. */
  public void stop() {
    stop.countDown();
  }

  private static int freePort(String host) throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  private synchronized void shutdown() {
    stop.countDown();
    while (!running.isEmpty()) {
      AutoCloseable next = running.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
