package io.dipwatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClassifyConfigTest {
  @Test
  void bindsFromYamlAndFillsDefaults() throws Exception {
    ClassifyConfig config = Json.yaml().readValue("""
        taxonomyFile: /etc/dipwatch/taxonomy.yaml
        dedupWindow: P3D
        emitUncategorised: true
        """, ClassifyConfig.class);
    assertThat(config.taxonomyFile()).isEqualTo(Path.of("/etc/dipwatch/taxonomy.yaml"));
    assertThat(config.gazetteerFile()).isNull();
    assertThat(config.dedupWindow()).isEqualTo(Duration.ofDays(3));
    assertThat(config.emitUncategorised()).isTrue();
    assertThat(config.simhashMaxDistance()).isEqualTo(ClassifyConfig.defaults().simhashMaxDistance());
    assertThat(config.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void defaultsKeepAWeekOfStories() {
    assertThat(ClassifyConfig.defaults().dedupWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(ClassifyConfig.defaults().emitUncategorised()).isFalse();
  }
}
