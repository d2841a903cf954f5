package io.dipwatch.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {
  private final Path logDir = Path.of("/tmp/dipwatch-test-logs");

  @Test
  void listensOnLoopbackOnlyWithCombinedRoles() {
    var props = BrokerProperties.of(logDir, 19092, 19093, Map.of());
    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
    assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
    assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
  }

  @Test
  void internalTopicsFitASingleNode() {
    var config = KafkaConfig.fromProps(BrokerProperties.of(logDir, 19092, 19093, Map.of()), false);
    assertThat(config.getShort("offsets.topic.replication.factor")).isEqualTo((short) 1);
    assertThat(config.getShort("transaction.state.log.replication.factor")).isEqualTo((short) 1);
    assertThat(config.getInt("transaction.state.log.min.isr")).isEqualTo(1);
    assertThat(config.getInt("group.initial.rebalance.delay.ms")).isZero();
    assertThat(config.getBoolean("auto.create.topics.enable")).isFalse();
    assertThat(config.getInt("num.partitions")).isEqualTo(3);
    assertThat(config.metadataLogDir()).isEqualTo(logDir.toString());
  }

  @Test
  void overridesWin() {
    var props = BrokerProperties.of(logDir, 1, 2, Map.of("num.partitions", "7", "log.retention.hours", "1"));
    assertThat(props.getProperty("num.partitions")).isEqualTo("7");
    assertThat(props.getProperty("log.retention.hours")).isEqualTo("1");
  }
}
