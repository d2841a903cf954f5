package io.dipwatch.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, so {@code dipwatch run}
 * and the integration tests need no Docker and no external cluster.
 *
 * <p>Listens on 127.0.0.1 only. Internal topics use replication factor 1 and min ISR 1, without which consumer
 * groups and transactions hang on a single node. Topics are never auto-created: dipwatch creates its own.
 *
 * <p>Persistent mode ({@link #start(Path)}) formats the storage once and on restart finds the same cluster,
 * topics and records, and reuses the previous ports when they are still free. The broker owns the whole
 * directory it is given (logs under {@code kraft/}, ports in {@code embedded-broker.properties}) and locks it,
 * so a second broker on the same directory is refused.
 *
 * <p>Fatal errors: while a broker runs, Kafka's JVM-wide exit and halt procedures are replaced, so a fatal
 * broker fault throws a {@link BrokerFatalException} in the failing Kafka thread, marks the broker failed
 * ({@link #failure()}) and calls the {@link Builder#onFatalError} listener instead of ending the process.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  static final String LOG_DIR = "kraft";
  static final String PORTS_FILE = "embedded-broker.properties";
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final int BIND_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final DataDirLock lock;
  private final Path dataDir;
  private final boolean temporary;
  private final int port;
  private final int controllerPort;
  private final String clusterId;
  private final Duration shutdownTimeout;
  private final Consumer<Throwable> onFatalError;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, DataDirLock lock, Path dataDir, boolean temporary, int port,
      int controllerPort, String clusterId, Duration shutdownTimeout, Consumer<Throwable> onFatalError) {
    this.server = server;
    this.lock = lock;
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.port = port;
    this.controllerPort = controllerPort;
    this.clusterId = clusterId;
    this.shutdownTimeout = shutdownTimeout;
    this.onFatalError = onFatalError;
  }

  /** Starts a broker whose data lives in {@code dataDir}; a later start on the same directory finds it again. */
  public static EmbeddedKafka start(Path dataDir) {
    return builder().dataDir(dataDir).start();
  }

  /** Starts a throw-away broker in a fresh temporary directory that {@link #close()} deletes. */
  public static EmbeddedKafka startTemporary() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the embedded broker that another process runs on {@code dataDir} listens, if one runs there now:
   * lets commands such as {@code rules publish} find {@code ./dipwatch run}'s broker without configuration.
   */
  public static Optional<String> runningOn(Path dataDir) {
    Ports ports = Ports.read(dataDir.resolve(PORTS_FILE));
    if (ports == null || ports.free() || !Files.isRegularFile(dataDir.resolve(DataDirLock.FILE))) {
      return Optional.empty();
    }
    try {
      DataDirLock.acquire(dataDir).close();
      return Optional.empty();
    } catch (IllegalStateException heldElsewhere) {
      return Optional.of(HOST + ":" + ports.port());
    }
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public String clusterId() {
    return clusterId;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The fatal error Kafka reported, if any; a failed broker should be closed and the host told. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Started, not closed and no fatal error seen. */
  public boolean isRunning() {
    return !closed && failure.get() == null;
  }

  void fail(Throwable cause) {
    if (failure.compareAndSet(null, cause) && onFatalError != null) {
      try {
        onFatalError.accept(cause);
      } catch (RuntimeException listenerError) {
        log.warn("Fatal-error listener of the embedded broker failed", listenerError);
      }
    }
  }

  /**
   * Stops the broker and waits at most the shutdown timeout (default 30 s) for it; a temporary broker's
   * directory is deleted. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    try {
      stopServer(server, shutdownTimeout);
    } finally {
      ExitInterceptor.unregister(this);
      lock.close();
      if (temporary) {
        deleteRecursively(dataDir);
      }
    }
    log.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers(), millisSince(started));
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", cluster " + clusterId + ", " + dataDir + "]";
  }

  private static void stopServer(KafkaRaftServer server, Duration timeout) {
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
      server.shutdown();
      server.awaitShutdown();
    }, runnable -> daemon("embedded-kafka-shutdown", runnable).start());
    try {
      stopping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Embedded Kafka did not stop within {} s; leaving its threads behind", timeout.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("Embedded Kafka failed while stopping", e.getCause());
    }
  }

  private static Thread daemon(String name, Runnable runnable) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  private static long millisSince(long nanoStart) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          log.debug("Could not delete {}", path, e);
        }
      });
    } catch (IOException e) {
      log.warn("Could not delete {}", dir, e);
    }
  }

  /** Options for {@link EmbeddedKafka}: where data lives, extra broker properties, timeouts, fatal listener. */
  public static final class Builder {
    private Path dataDir;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Consumer<Throwable> onFatalError;

    private Builder() {}

    /** Keep data in this directory (created if missing); without it the broker is temporary. */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Sets or overrides one broker property, e.g. {@code log.retention.hours}. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public Builder brokerProperties(Map<String, String> properties) {
      overrides.putAll(properties);
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** Called once, on a Kafka thread, when the broker hits a fatal error that would have ended the JVM. */
    public Builder onFatalError(Consumer<Throwable> listener) {
      this.onFatalError = listener;
      return this;
    }

    /** Formats storage if needed, starts the broker and returns once it accepts clients. */
    public EmbeddedKafka start() {
      boolean temporary = dataDir == null;
      Path dir;
      try {
        dir = temporary ? Files.createTempDirectory("dipwatch-kafka-") : Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the broker data directory", e);
      }
      DataDirLock lock = DataDirLock.acquire(dir);
      try {
        return startIn(dir.toAbsolutePath(), temporary, lock);
      } catch (RuntimeException | Error e) {
        lock.close();
        if (temporary) {
          deleteRecursively(dir);
        }
        throw e;
      }
    }

    private EmbeddedKafka startIn(Path dir, boolean temporary, DataDirLock lock) {
      long started = System.nanoTime();
      Path logDir = dir.resolve(LOG_DIR);
      Ports preferred = Ports.read(dir.resolve(PORTS_FILE));
      RuntimeException lastBindFailure = null;
      for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
        Ports ports = (attempt == 1 && preferred != null && preferred.free()) ? preferred : Ports.pick();
        Properties props = BrokerProperties.of(logDir, ports.port(), ports.controllerPort(), overrides);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        String clusterId = Storage.formatIfNeeded(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        EmbeddedKafka broker = new EmbeddedKafka(server, lock, dir, temporary, ports.port(),
            ports.controllerPort(), clusterId, shutdownTimeout, onFatalError);
        ExitInterceptor.register(broker);
        try {
          runBounded(server::startup, startupTimeout, "start");
          if (!temporary) {
            ports.write(dir.resolve(PORTS_FILE));
          }
          log.info("Embedded Kafka {} started on {} in {} ms", clusterId, broker.bootstrapServers(),
              millisSince(started));
          return broker;
        } catch (RuntimeException e) {
          ExitInterceptor.unregister(broker);
          stopServer(server, shutdownTimeout);
          if (!causedByBind(e)) {
            throw new IllegalStateException("Embedded Kafka failed to start in " + dir + ": " + e.getMessage(), e);
          }
          log.info("Port {} or {} was taken meanwhile; retrying on other ports", ports.port(),
              ports.controllerPort());
          lastBindFailure = e;
        }
      }
      throw new IllegalStateException("Embedded Kafka found no free ports", lastBindFailure);
    }

    private static boolean causedByBind(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
          return true;
        }
      }
      return false;
    }

    private static void runBounded(Runnable action, Duration timeout, String what) {
      CompletableFuture<Void> future = CompletableFuture.runAsync(action,
          runnable -> daemon("embedded-kafka-" + what, runnable).start());
      try {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Embedded Kafka did not " + what + " within " + timeout.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for embedded Kafka to " + what, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
      }
    }
  }

  /** The two listener ports; remembered in persistent mode so clients find the broker at the same address. */
  record Ports(int port, int controllerPort) {
    static Ports pick() {
      try (ServerSocket a = bind(0); ServerSocket b = bind(0)) {
        return new Ports(a.getLocalPort(), b.getLocalPort());
      } catch (IOException e) {
        throw new UncheckedIOException("No free local port", e);
      }
    }

    boolean free() {
      try (ServerSocket a = bind(port); ServerSocket b = bind(controllerPort)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static ServerSocket bind(int port) throws IOException {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      try {
        socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      } catch (IOException e) {
        socket.close();
        throw e;
      }
      return socket;
    }

    static Ports read(Path file) {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
        return new Ports(Integer.parseInt(p.getProperty("port")), Integer.parseInt(p.getProperty("controller.port")));
      } catch (IOException | RuntimeException e) {
        log.warn("Ignoring unreadable {}", file, e);
        return null;
      }
    }

    void write(Path file) {
      Properties p = new Properties();
      p.setProperty("port", Integer.toString(port));
      p.setProperty("controller.port", Integer.toString(controllerPort));
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "Ports of dipwatch's embedded Kafka; reused on restart when free");
      } catch (IOException e) {
        log.warn("Could not remember the broker ports in {}", file, e);
      }
    }
  }
}
