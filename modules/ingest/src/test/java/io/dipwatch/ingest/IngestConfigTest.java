package io.dipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  @Test
  void bindsAPartialYamlSectionAndFillsTheRestWithDefaults() throws Exception {
    String yaml = """
        feeds:
          - url: https://news.example.org/rss.xml
            name: Example
            interval: PT5M
          - url: https://other.example.org/atom.xml
        jsonlPaths: [./inbox]
        gdelt:
          enabled: true
        fetch:
          timeout: PT10S
        unknownKey: ignored
        """;
    IngestConfig config = Json.yaml().readValue(yaml, IngestConfig.class);
    assertThat(config.feeds()).hasSize(2);
    assertThat(config.feeds().get(0).interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.feeds().get(1).name()).isNull();
    assertThat(config.jsonlPaths()).containsExactly("./inbox");
    assertThat(config.gdelt().enabled()).isTrue();
    assertThat(config.gdelt().lastUpdateUrl()).isEqualTo(IngestConfig.Gdelt.DEFAULT_LAST_UPDATE_URL);
    assertThat(config.gdelt().interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.fetch().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.fetch().userAgent()).isEqualTo("dipwatch/0.1 (+https://github.com/dipwatch)");
    assertThat(config.http().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.maxItemBytes()).isEqualTo(1024 * 1024);
    assertThat(config.dedup().ttl()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void defaultsAreSafeOffline() {
    IngestConfig d = IngestConfig.defaults();
    assertThat(d.gdelt().enabled()).isFalse();
    assertThat(d.feeds()).isEmpty();
    assertThat(d.fetch().backoffInitial()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.fetch().backoffMax()).isEqualTo(Duration.ofHours(1));
  }
}
