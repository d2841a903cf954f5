package io.dipwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats KRaft storage once; on later starts reads the cluster id the first start wrote. */
final class Storage {
  private static final Logger log = LoggerFactory.getLogger(Storage.class);
  static final String META_PROPERTIES = "meta.properties";

  private Storage() {}

  /** Returns the cluster id, formatting {@code logDir} first if it holds no {@code meta.properties}. */
  static String formatIfNeeded(KafkaConfig config, Path logDir) {
    Path meta = logDir.resolve(META_PROPERTIES);
    if (Files.isRegularFile(meta)) {
      return readClusterId(meta);
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
          .setNodeId(config.nodeId())
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setHasDynamicQuorum(false)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    log.debug("Formatted {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
    log.info("Formatted new Kafka storage in {} (cluster {})", logDir, clusterId);
    return clusterId;
  }

  private static String readClusterId(Path meta) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + meta, e);
    }
    String id = p.getProperty("cluster.id");
    if (id == null) {
      throw new IllegalStateException(meta + " has no cluster.id; is this a Kafka data directory?");
    }
    return id;
  }
}
