package io.dipwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

  @Test
  void defaultsAreSensible() {
    DeliveryConfig d = DeliveryConfig.defaults();
    assertThat(d.dashboardUrl()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(d.slack().apiBaseUrl()).isEqualTo("https://slack.com/api/");
    assertThat(d.slack().policy().ratePerSecond()).isEqualTo(1.0);
    assertThat(d.slack().policy().maxRetries()).isEqualTo(5);
    assertThat(d.slack().botMode()).isFalse();
    assertThat(d.analytics().jsonMirror()).isTrue();
    assertThat(d.analytics().countsGrace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(d.webhooks()).isEmpty();
    assertThat(d.startFrom()).isEqualTo("earliest");
  }

  @Test
  void startFromIsEarliestOrLatest() {
    assertThat(DeliveryConfig.defaults().withStartFrom("LATEST").startFrom()).isEqualTo("latest");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliveryConfig.defaults().withStartFrom("newest"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earliest or latest");
  }

  @Test
  void bindsAPartialYamlSectionOverTheDefaults() throws Exception {
    String yaml = """
        slack:
          botToken: xoxb-123-secret
          defaultChannel: "#alerts"
          routes:
            - {name: duty, minLevel: CRITICAL, channel: "#duty"}
            - {name: korea, actors: [PRK, KOR], channel: "#korea-desk"}
          policy: {maxRetries: 2, initialBackoff: PT0.2S}
        webhooks:
          - {name: siem, url: "https://siem.example/hook?token=abc", secret: hmac-secret}
        analytics: {jsonMirror: false}
        unknownField: ignored
        """;
    DeliveryConfig c = Json.yaml().readValue(yaml, DeliveryConfig.class);
    assertThat(c.slack().routes()).hasSize(2);
    assertThat(c.slack().routes().get(1).actors()).containsExactly("PRK", "KOR");
    assertThat(c.slack().policy().maxRetries()).isEqualTo(2);
    assertThat(c.slack().policy().initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.slack().policy().ratePerSecond()).as("unset field keeps its default").isEqualTo(1.0);
    assertThat(c.webhooks().get(0).policy().maxRetries()).isEqualTo(5);
    assertThat(c.analytics().jsonMirror()).isFalse();
    assertThat(c.dashboardUrl()).isEqualTo("http://127.0.0.1:8080/");
  }

  @Test
  void environmentOverridesTheFile() {
    DeliveryConfig c = DeliveryConfig.defaults().withEnvironment(Map.of(
        "DIPWATCH_SLACK_WEBHOOK_URL", "https://hooks.slack.example/services/T1/B1/XYZ",
        "DIPWATCH_SLACK_BOT_TOKEN", "xoxb-999-secret",
        "DIPWATCH_SLACK_CHANNEL", "#ops",
        "DIPWATCH_WEBHOOK_URL", "https://receiver.example/in",
        "DIPWATCH_WEBHOOK_SECRET", "shh",
        "DIPWATCH_DASHBOARD_URL", "http://127.0.0.1:9999/"));
    assertThat(c.slack().webhookUrl()).isEqualTo("https://hooks.slack.example/services/T1/B1/XYZ");
    assertThat(c.slack().botMode()).isTrue();
    assertThat(c.slack().defaultChannel()).isEqualTo("#ops");
    assertThat(c.webhooks()).singleElement().satisfies(w -> {
      assertThat(w.name()).isEqualTo("env");
      assertThat(w.secret()).isEqualTo("shh");
    });
    assertThat(c.dashboardUrl()).isEqualTo("http://127.0.0.1:9999/");
    assertThat(c.hasDestinations()).isTrue();
  }

  @Test
  void toStringNeverShowsSecrets() {
    DeliveryConfig c = DeliveryConfig.defaults().withEnvironment(Map.of(
        "DIPWATCH_SLACK_WEBHOOK_URL", "https://hooks.slack.example/services/T1/B1/XYZSECRET",
        "DIPWATCH_SLACK_BOT_TOKEN", "xoxb-999-TOKENSECRET",
        "DIPWATCH_WEBHOOK_URL", "https://receiver.example/in?key=URLSECRET",
        "DIPWATCH_WEBHOOK_SECRET", "HMACSECRET"));
    c = c.withSlack(c.slack().withRoutes(java.util.List.of(new DeliveryConfig.Route("r", null, null, null, null,
        "https://hooks.slack.example/services/T1/B1/ROUTESECRET"))));
    String text = c.toString();
    assertThat(text).doesNotContain("XYZSECRET", "TOKENSECRET", "URLSECRET", "HMACSECRET", "ROUTESECRET", "T1/B1");
    assertThat(text).contains("https://hooks.slack.example/****", "xoxb-****", "https://receiver.example/****");
  }
}
