package io.dipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DipwatchConfigTest {
  @TempDir
  Path dir;

  @Test
  void aFileOnlySaysWhatDiffersAndTheRestKeepsItsDefault() throws IOException {
    Path file = Files.writeString(dir.resolve("dipwatch.yaml"), """
        http:
          port: 9999
        kafka:
          topicPrefix: "test."
        escalate:
          window: P3D
        """);
    DipwatchConfig config = DipwatchConfig.load(file);
    DipwatchConfig defaults = DipwatchConfig.defaults();
    assertThat(config.http().port()).isEqualTo(9999);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.topics().newsRaw.name()).isEqualTo("test.news.raw");
    assertThat(config.kafka().partitions()).isEqualTo(defaults.kafka().partitions());
    assertThat(config.escalate().window()).isEqualTo(Duration.ofDays(3));
    assertThat(config.escalate().grace()).isEqualTo(defaults.escalate().grace());
    assertThat(config.ingest()).isEqualTo(defaults.ingest());
  }

  @Test
  void theShippedExampleConfigLoads() throws IOException {
    DipwatchConfig config = DipwatchConfig.load(Path.of("../../config/dipwatch.example.yaml"));
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void aMissingFileIsAClearError() {
    assertThatThrownBy(() -> DipwatchConfig.load(dir.resolve("nope.yaml")))
        .isInstanceOf(IOException.class).hasMessageContaining("config file not found");
  }
}
