package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * How the small admin commands reach the cluster: {@code --bootstrap-servers}, else the config file's, else the
 * embedded broker that {@code ./dipwatch run} is running on the data folder.
 */
public final class ClusterOption {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
      description = "Kafka cluster (default: config, else the running embedded broker of --data-dir).")
  String bootstrapServers;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Data folder of a running `./dipwatch run` (default: ./data).")
  Path dataDir;

  String resolve(DipwatchConfig config) {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers;
    }
    if (config.kafka().bootstrapServers() != null && !config.kafka().bootstrapServers().isBlank()) {
      return config.kafka().bootstrapServers();
    }
    return EmbeddedKafka.runningOn(dataDir.resolve("kafka")).orElseThrow(() -> new IllegalStateException(
        "no cluster: give --bootstrap-servers, or start `./dipwatch run` (no embedded broker runs on "
            + dataDir.resolve("kafka") + ")"));
  }

  Properties clientProps(DipwatchConfig config) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, resolve(config));
    return props;
  }
}
