package io.dipwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.deliver.DeliveryConfig.Route;
import io.dipwatch.deliver.DeliveryConfig.Slack;
import io.dipwatch.deliver.DeliveryConfig.Webhook;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final DeliveryConfig BOT = DeliveryConfig.defaults()
      .withSlack(Slack.defaults().withBot("xoxb-test", "#alerts").withRoutes(List.of(
          new Route("duty", "CRITICAL", null, null, "#duty", null),
          new Route("korea-desk", null, null, List.of("PRK", "KOR"), "#korea-desk", null),
          new Route("sanctions-team", "WARNING", List.of("SANCTIONS"), null, null,
              "https://hooks.slack.example/services/T/B/sanctions"))))
      .withWebhooks(List.of(new Webhook("siem", "https://siem.example/hook", "s3cret", "WARNING", null)));

  private static List<String> ids(Router router, io.dipwatch.schema.Escalation e) {
    return router.route(e).stream().map(Destination::id).toList();
  }

  @Test
  void everyMatchingRouteReceivesTheMessage() {
    Router router = new Router(BOT, Clock.systemUTC());
    var critical = TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 1);
    assertThat(ids(router, critical)).containsExactly("slack:#duty", "slack:#korea-desk",
        "slack-webhook:" + slackFingerprint("https://hooks.slack.example/services/T/B/sanctions"), "webhook:siem");
  }

  @Test
  void levelCategoryAndActorConditionsAllApply() {
    Router router = new Router(BOT, Clock.systemUTC());
    var watchRussiaUkraine = TestEscalations.builder("RUS|UKR", "FIRING", "WATCH", 1)
        .setCategories(List.of("SANCTIONS")).build();
    assertThat(ids(router, watchRussiaUkraine)).as("no route matches: default channel only, webhook below level")
        .containsExactly("slack:#alerts");
    var warningRecognition = TestEscalations.builder("RUS|UKR", "UPDATED", "WARNING", 2)
        .setCategories(List.of("RECOGNITION")).build();
    assertThat(ids(router, warningRecognition)).containsExactly("slack:#alerts", "webhook:siem");
  }

  @Test
  void silencedRecordsGoNowhere() {
    Router router = new Router(BOT, Clock.systemUTC());
    var silenced = TestEscalations.builder("PRK|RUS", "FIRING", "CRITICAL", 1).setSilenced(true).build();
    assertThat(router.route(silenced)).isEmpty();
  }

  @Test
  void webhookModeDefaultsToTheIncomingWebhook() {
    DeliveryConfig config = DeliveryConfig.defaults()
        .withSlack(Slack.defaults().withWebhookUrl("https://hooks.slack.example/services/T/B/default"));
    Router router = new Router(config, Clock.systemUTC());
    assertThat(ids(router, TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1))).singleElement()
        .asString().startsWith("slack-webhook:").doesNotContain("hooks.slack.example");
  }

  @Test
  void aChannelRouteWithoutBotTokenIsAConfigurationError() {
    DeliveryConfig config = DeliveryConfig.defaults().withSlack(Slack.defaults()
        .withRoutes(List.of(new Route("duty", "CRITICAL", null, null, "#duty", null))));
    assertThatThrownBy(() -> new Router(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bot token");
  }

  @Test
  void nothingConfiguredRoutesNowhere() {
    Router router = new Router(DeliveryConfig.defaults(), Clock.systemUTC());
    assertThat(router.route(TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 1))).isEmpty();
    assertThat(DeliveryConfig.defaults().hasDestinations()).isFalse();
  }

  private static String slackFingerprint(String url) {
    return new io.dipwatch.deliver.slack.SlackWebhookDestination(url, DeliveryConfig.SendPolicy.defaults(),
        new io.dipwatch.deliver.slack.SlackMessages("http://127.0.0.1:8080/", 5)).id().substring("slack-webhook:".length());
  }
}
