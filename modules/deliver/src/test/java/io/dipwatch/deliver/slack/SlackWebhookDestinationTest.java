package io.dipwatch.deliver.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dipwatch.core.json.Json;
import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.dipwatch.deliver.DeliveryFailure;
import io.dipwatch.deliver.DeliveryState;
import io.dipwatch.deliver.FakeSlack;
import io.dipwatch.deliver.Guard;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.deliver.TestPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incoming-webhook destination against a local server answering the way Slack does. */
class SlackWebhookDestinationTest {
  private static final String PATH = "/services/T000/B000/alerts";
  private FakeSlack slack;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private DeliveryState send(SendPolicy policy) throws Exception {
    var destination = new SlackWebhookDestination(slack.webhookUrl("alerts"), policy,
        new SlackMessages("http://127.0.0.1:8080/", 5));
    return destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 4), null,
        new Guard(destination.id(), policy, registry));
  }

  @Test
  void postsBlockKitJsonAndRemembersTheVersion() throws Exception {
    DeliveryState state = send(TestPolicies.fast());

    assertThat(state.version()).isEqualTo(4);
    assertThat(state.key()).isEqualTo("PRK|RUS");
    var request = slack.requests(PATH);
    assertThat(request).hasSize(1);
    assertThat(request.get(0).headers().getFirst("Content-Type")).startsWith("application/json");
    var body = Json.mapper().readTree(request.get(0).body());
    assertThat(body.path("text").asText()).contains("CRITICAL");
    assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
  }

  @Test
  void waitsForRetryAfterOn429ThenRetries() throws Exception {
    slack.thenRateLimited(PATH, 1);

    send(TestPolicies.fast());

    List<FakeSlack.Request> attempts = slack.requests(PATH);
    assertThat(attempts).hasSize(2);
    long gapMillis = Duration.ofNanos(attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()).toMillis();
    assertThat(gapMillis).as("gap between the 429 and the retry").isGreaterThanOrEqualTo(1000);
    assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
  }

  @Test
  void retries5xxWithBackoffThenSucceeds() throws Exception {
    slack.thenStatus(PATH, 500, "internal error").thenStatus(PATH, 503, "unavailable");

    send(TestPolicies.fast());

    List<FakeSlack.Request> attempts = slack.requests(PATH);
    assertThat(attempts).hasSize(3);
    long first = Duration.ofNanos(attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()).toMillis();
    assertThat(first).as("first back-off is 50 ms ± 50 %% jitter").isGreaterThanOrEqualTo(24);
    assertThat(registry.get("dipwatch.deliver.retries").counter().count()).isEqualTo(2.0);
  }

  @Test
  void givesUpAfterMaxRetriesOnPersistent5xx() {
    for (int i = 0; i < 10; i++) {
      slack.thenStatus(PATH, 500, "internal error");
    }
    assertThatThrownBy(() -> send(TestPolicies.fast()))
        .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
          assertThat(f.retryable()).isTrue();
          assertThat(f.status()).isEqualTo(500);
        });
    assertThat(slack.requests(PATH)).hasSize(4);
  }

  @Test
  void invalidPayloadIsPermanentAndNotRetried() {
    slack.thenStatus(PATH, 400, "invalid_payload");
    assertThatThrownBy(() -> send(TestPolicies.fast()))
        .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
          assertThat(f.retryable()).isFalse();
          assertThat(f.status()).isEqualTo(400);
          assertThat(f.error()).isEqualTo("invalid_payload");
          assertThat(f.getMessage()).startsWith("slack-webhook:").doesNotContain("T000/B000");
        });
    assertThat(slack.requests(PATH)).hasSize(1);
  }

  @Test
  void channelNotFoundIsPermanent() {
    slack.thenStatus(PATH, 404, "channel_not_found");
    assertThatThrownBy(() -> send(TestPolicies.fast()))
        .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.error()).isEqualTo("channel_not_found"));
    assertThat(slack.requests(PATH)).hasSize(1);
  }

  @Test
  void aHangingServerTimesOutAndIsRetried() throws Exception {
    slack.thenHang(PATH);
    SendPolicy shortTimeout = new SendPolicy(50.0, 2, Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(300));

    send(shortTimeout);

    List<FakeSlack.Request> attempts = slack.requests(PATH);
    assertThat(attempts).hasSize(2);
    long gap = Duration.ofNanos(attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()).toMillis();
    // The client's 300 ms timer starts a little before the request reaches the server.
    assertThat(gap).as("request timeout plus back-off").isGreaterThanOrEqualTo(200);
  }

  @Test
  void burstsAreSmoothedToTheRateLimit() throws Exception {
    SendPolicy fivePerSecond = new SendPolicy(5.0, 0, null, null, null, null, null);
    var destination = new SlackWebhookDestination(slack.webhookUrl("alerts"), fivePerSecond,
        new SlackMessages("http://127.0.0.1:8080/", 5));
    Guard guard = new Guard(destination.id(), fivePerSecond, registry);
    for (int version = 1; version <= 6; version++) {
      destination.deliver(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", version), null, guard);
    }
    List<FakeSlack.Request> requests = slack.requests(PATH);
    assertThat(requests).hasSize(6);
    // Permits come one per 200 ms period: the first at once, each later one at the start of a new period. Messages
    // 2 to 6 span four periods (800 ms); arrival times on a loaded machine jitter, so the bounds leave room for it
    // while an unsmoothed burst (all six within a few milliseconds) still fails them.
    long span = Duration.ofNanos(requests.get(5).arrivedNanos() - requests.get(1).arrivedNanos()).toMillis();
    assertThat(span).as("messages 2 to 6 start four new periods").isGreaterThanOrEqualTo(600);
    for (int i = 2; i < requests.size(); i++) {
      long gap = Duration.ofNanos(requests.get(i).arrivedNanos() - requests.get(i - 1).arrivedNanos()).toMillis();
      assertThat(gap).as("no two messages in one period").isGreaterThanOrEqualTo(80);
    }
  }
}
