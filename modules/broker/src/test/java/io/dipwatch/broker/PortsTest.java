package io.dipwatch.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
  @TempDir Path dir;

  @Test
  void pickedPortsAreDistinctAndFree() {
    var ports = EmbeddedKafka.Ports.pick();
    assertThat(ports.port()).isNotEqualTo(ports.controllerPort()).isPositive();
    assertThat(ports.free()).isTrue();
  }

  @Test
  void rememberedPortsReadBack() {
    Path file = dir.resolve(EmbeddedKafka.PORTS_FILE);
    new EmbeddedKafka.Ports(40001, 40002).write(file);
    assertThat(EmbeddedKafka.Ports.read(file)).isEqualTo(new EmbeddedKafka.Ports(40001, 40002));
  }

  @Test
  void missingOrBrokenFileMeansNoPreference() throws Exception {
    assertThat(EmbeddedKafka.Ports.read(dir.resolve("absent"))).isNull();
    Path broken = Files.writeString(dir.resolve("broken"), "port=abc\n");
    assertThat(EmbeddedKafka.Ports.read(broken)).isNull();
  }
}
