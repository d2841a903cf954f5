package io.dipwatch.ingest;

import io.dipwatch.core.topic.Topics;
import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.ingest.source.FeedPoller;
import io.dipwatch.ingest.source.GdeltPoller;
import io.dipwatch.ingest.source.HttpFetcher;
import io.dipwatch.ingest.source.ItemsHttpHandler;
import io.dipwatch.ingest.source.JsonLinesSource;
import io.dipwatch.ingest.source.Progress;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything ingest runs in {@code ./dipwatch run}, started from the config in one call: the publisher (seen ids
 * and feed positions loaded from Kafka), the feed poller, the GDELT poller (if enabled), and the JSON-lines
 * paths (files read once, folders watched). The HTTP endpoint is handed out by {@link #itemsHandler} for the
 * app's server. Topics must exist before {@link #start}.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final IngestConfig config;
  private final NewsPublisher publisher;
  private final FeedPoller feeds;
  private final GdeltPoller gdelt;
  private final JsonLinesSource files;
  private final ExecutorService fileReader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "dipwatch-ingest-files");
    t.setDaemon(true);
    return t;
  });

  private IngestService(IngestConfig config, NewsPublisher publisher) {
    this.config = config;
    this.publisher = publisher;
    HttpClient client = HttpFetcher.client(config.fetch());
    this.feeds = new FeedPoller(config, publisher, client);
    this.gdelt = new GdeltPoller(config, publisher, client);
    this.files = new JsonLinesSource(Formats.parser("jsonl", config.parseOptions()), publisher, "jsonl");
  }

  public static IngestService start(String bootstrapServers, Topics topics, IngestConfig config,
      MeterRegistry registry) {
    IngestService service = new IngestService(config,
        NewsPublisher.connect(bootstrapServers, topics, config, new IngestMetrics(registry)));
    service.feeds.start();
    service.gdelt.start();
    for (String p : config.jsonlPaths()) {
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        service.files.watch(path, config.folderScanInterval());
      } else {
        service.fileReader.execute(() -> service.readOnce(path));
      }
    }
    return service;
  }

  private void readOnce(Path file) {
    try {
      var r = files.readFile(file, Progress.silent());
      LOG.info("read {}: {} items, {} new, {} rejected", file, r.fetched(), r.published(), r.rejected());
    } catch (IOException e) {
      LOG.error("cannot read {}: {}", file, e.toString());
    }
  }

  public NewsPublisher publisher() {
    return publisher;
  }

  /**
   * The {@code POST /api/items} handler, with the bearer token from the environment variable named in
   * {@code ingest.http.tokenEnv}.
   *
   * @param listensBeyondLoopback true when the server is bound to anything but 127.0.0.1 (a token is then required)
   */
  public ItemsHttpHandler itemsHandler(boolean listensBeyondLoopback) {
    Optional<String> token = Optional.ofNullable(System.getenv(config.http().tokenEnv()));
    return new ItemsHttpHandler(publisher, token, listensBeyondLoopback, config.http().maxBodyBytes(),
        config.parseOptions());
  }

  @Override
  public void close() {
    feeds.close();
    gdelt.close();
    files.close();
    fileReader.shutdownNow();
    try {
      fileReader.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
  }
}
