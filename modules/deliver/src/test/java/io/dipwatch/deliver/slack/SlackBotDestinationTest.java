package io.dipwatch.deliver.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.deliver.DeliveryFailure;
import io.dipwatch.deliver.DeliveryState;
import io.dipwatch.deliver.FakeSlack;
import io.dipwatch.deliver.Guard;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.deliver.TestPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** chat.postMessage threads and chat.update against a local server answering the way Slack's Web API does. */
class SlackBotDestinationTest {
  private static final String POST = "/api/chat.postMessage";
  private static final String UPDATE = "/api/chat.update";
  private FakeSlack slack;
  private SlackBotDestination destination;
  private Guard guard;

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    destination = new SlackBotDestination("#duty", "xoxb-test-token", slack.apiBaseUrl(), TestPolicies.fast(),
        new SlackMessages("http://127.0.0.1:8080/", 5));
    guard = new Guard(destination.id(), TestPolicies.fast(), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private static JsonNode json(FakeSlack.Request request) throws Exception {
    return Json.mapper().readTree(request.body());
  }

  @Test
  void firingStartsAThreadAndLaterRecordsReplyAndRefreshTheParent() throws Exception {
    DeliveryState fired = destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1), null,
        guard);
    assertThat(fired.channel()).isEqualTo("C0DUTY");
    assertThat(fired.threadTs()).isNotBlank();
    JsonNode parent = json(slack.requests(POST).get(0));
    assertThat(parent.path("channel").asText()).isEqualTo("#duty");
    assertThat(parent.has("thread_ts")).isFalse();
    assertThat(slack.requests(POST).get(0).headers().getFirst("Authorization")).isEqualTo("Bearer xoxb-test-token");

    DeliveryState updated = destination.deliver(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", 2), fired,
        guard);
    JsonNode reply = json(slack.requests(POST).get(1));
    assertThat(reply.path("thread_ts").asText()).isEqualTo(fired.threadTs());
    assertThat(reply.path("channel").asText()).isEqualTo("C0DUTY");
    assertThat(reply.path("reply_broadcast").asBoolean()).isFalse();
    JsonNode refresh = json(slack.requests(UPDATE).get(0));
    assertThat(refresh.path("ts").asText()).isEqualTo(fired.threadTs());
    assertThat(refresh.at("/blocks/1/text/text").asText()).startsWith("*UPDATED*");
    assertThat(updated.threadTs()).isEqualTo(fired.threadTs());
    assertThat(updated.version()).isEqualTo(2);

    DeliveryState levelUp = destination.deliver(TestEscalations.builder("PRK|RUS", "FIRING", "CRITICAL", 3)
        .setPreviousLevel("WATCH").build(), updated, guard);
    assertThat(json(slack.requests(POST).get(2)).path("reply_broadcast").asBoolean())
        .as("a level-up inside an open thread is broadcast to the channel").isTrue();

    DeliveryState resolved = destination.deliver(TestEscalations.escalation("PRK|RUS", "RESOLVED", "CRITICAL", 4),
        levelUp, guard);
    assertThat(resolved.threadClosed()).isTrue();
    assertThat(json(slack.requests(UPDATE).get(2)).at("/blocks/0/text/text").asText()).startsWith("✅ RESOLVED");

    DeliveryState refired = destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 5),
        resolved, guard);
    assertThat(json(slack.requests(POST).get(4)).has("thread_ts")).as("after RESOLVED a new thread starts").isFalse();
    assertThat(refired.threadTs()).isNotEqualTo(fired.threadTs());
  }

  @Test
  void okFalseIsPermanent() {
    slack.thenStatus(POST, 200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
    assertThatThrownBy(() -> destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1), null,
        guard)).isInstanceOfSatisfying(DeliveryFailure.class, f -> {
          assertThat(f.retryable()).isFalse();
          assertThat(f.error()).isEqualTo("channel_not_found");
        });
    assertThat(slack.requests(POST)).hasSize(1);
  }

  @Test
  void rateLimitedWebApiCallIsRetriedAfterRetryAfter() throws Exception {
    slack.thenRateLimited(POST, 1);
    destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1), null, guard);
    var attempts = slack.requests(POST);
    assertThat(attempts).hasSize(2);
    assertThat((attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()) / 1_000_000).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aFailedParentRefreshDoesNotRepostTheReply() throws Exception {
    DeliveryState fired = destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1), null,
        guard);
    slack.thenStatus(UPDATE, 200, "{\"ok\":false,\"error\":\"message_not_found\"}");
    DeliveryState updated = destination.deliver(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", 2), fired,
        guard);
    assertThat(updated.version()).isEqualTo(2);
    assertThat(slack.requests(POST)).hasSize(2);
  }
}
