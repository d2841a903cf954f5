package io.dipwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.DeliveryConfig.Slack;
import io.dipwatch.deliver.DeliveryConfig.Webhook;
import io.dipwatch.schema.Escalation;
import io.dipwatch.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifier on a real broker against a local server that answers the way Slack does. */
class NotifierIT {
  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final String WEBHOOK_PATH = "/services/T000/B000/alerts";
  private static final Pattern KEY_VERSION = Pattern.compile("\\((\\S+) v(\\d+)\\)$");

  private FakeSlack slack;
  private Topics topics;
  private String group;
  private final List<Notifier> started = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    slack = new FakeSlack();
    int run = RUN.incrementAndGet();
    topics = new Topics("it" + run + ".", 3);
    group = "notifier-it-" + run;
    kafka.createTopics(topics.all(List.of()));
  }

  @AfterEach
  void stop() {
    started.forEach(Notifier::close);
    slack.close();
  }

  private Notifier notifier(DeliveryConfig config) {
    Notifier notifier = new Notifier(kafka.kafkaSettings(), topics, config.withConsumerGroup(group),
        new SimpleMeterRegistry(), Clock.systemUTC());
    started.add(notifier);
    return notifier.start();
  }

  private DeliveryConfig webhookMode() {
    return DeliveryConfig.defaults()
        .withSlack(Slack.defaults().withWebhookUrl(slack.webhookUrl("alerts")).withPolicy(TestPolicies.fast()));
  }

  private void produce(Escalation e) {
    kafka.produce(topics.escalations, e.getKey(), e);
  }

  /** (key, version) of every message Slack received, in arrival order, read from the fallback text. */
  private List<Map.Entry<String, Long>> posted() throws Exception {
    List<Map.Entry<String, Long>> posted = new ArrayList<>();
    for (FakeSlack.Request request : slack.requests(WEBHOOK_PATH)) {
      if (!request.accepted()) {
        continue;
      }
      Matcher m = KEY_VERSION.matcher(Json.mapper().readTree(request.body()).path("text").asText());
      assertThat(m.find()).as(request.body()).isTrue();
      posted.add(Map.entry(m.group(1), Long.parseLong(m.group(2))));
    }
    return posted;
  }

  @Test
  void deliversInOrderPerKeySkipsSilencedAndNeverPostsTwiceAcrossARestart() throws Exception {
    for (int v = 1; v <= 5; v++) {
      produce(TestEscalations.escalation("PRK|RUS", v == 1 ? "FIRING" : "UPDATED", "WARNING", v));
      if (v <= 3) {
        produce(TestEscalations.escalation("KOR|PRK", v == 1 ? "FIRING" : "UPDATED", "WATCH", v));
      }
    }
    produce(TestEscalations.builder("CHN|TWN", "FIRING", "CRITICAL", 1).setSilenced(true).build());
    slack.thenRateLimited(WEBHOOK_PATH, 1);

    Notifier first = notifier(webhookMode());
    assertThat(first.awaitIdle(IDLE)).isTrue();

    Map<String, List<Long>> perKey = new LinkedHashMap<>();
    posted().forEach(p -> perKey.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
    assertThat(perKey).containsOnlyKeys("PRK|RUS", "KOR|PRK");
    assertThat(perKey.get("PRK|RUS")).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(perKey.get("KOR|PRK")).containsExactly(1L, 2L, 3L);
    assertThat(first.counts()).isEqualTo(new Notifier.Counts(8, 0, 0, 1));
    first.close();

    // A second instance in a fresh consumer group re-reads everything from the start, as after a crash
    // before any commit: the ledger must hold back every version already posted.
    produce(TestEscalations.escalation("PRK|RUS", "UPDATED", "WARNING", 5));
    produce(TestEscalations.escalation("PRK|RUS", "RESOLVED", "WARNING", 6));
    group = group + "-again";
    Notifier second = notifier(webhookMode());
    assertThat(second.awaitIdle(IDLE)).isTrue();

    List<Map.Entry<String, Long>> all = posted();
    assertThat(all).hasSize(9).last().isEqualTo(Map.entry("PRK|RUS", 6L));
    assertThat(all.stream().distinct().count()).as("no (key, version) posted twice").isEqualTo(all.size());
    assertThat(second.counts()).isEqualTo(new Notifier.Counts(1, 9, 0, 1));
  }

  @Test
  void permanentFailuresAreParkedAndDeliveryGoesOn() throws Exception {
    slack.thenStatus(WEBHOOK_PATH, 404, "channel_not_found").thenStatus(WEBHOOK_PATH, 400, "invalid_payload");
    produce(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1));
    produce(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", 2));
    produce(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", 3));
    kafka.produceRaw(topics.escalations.name(), "PRK|RUS".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8), null);

    Notifier notifier = notifier(webhookMode());
    assertThat(notifier.awaitIdle(IDLE)).isTrue();

    assertThat(slack.requests(WEBHOOK_PATH)).extracting(FakeSlack.Request::status).containsExactly(404, 400, 200);
    assertThat(posted()).extracting(Map.Entry::getValue).containsExactly(3L);
    assertThat(notifier.counts()).isEqualTo(new Notifier.Counts(1, 0, 3, 0));
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.consumeRaw(topics.notificationsDlq.name(), 3,
        Duration.ofSeconds(30));
    assertThat(letters).hasSize(3);
    assertThat(letters).allSatisfy(l -> assertThat(DeadLetters.header(l.headers(), DeadLetters.HEADER_STAGE))
        .isEqualTo("deliver"));
    assertThat(DeadLetters.header(letters.get(0).headers(), DeadLetters.HEADER_MESSAGE)).contains("channel_not_found")
        .doesNotContain("T000/B000");
    assertThat(DeadLetters.header(letters.get(1).headers(), DeadLetters.HEADER_MESSAGE)).contains("invalid_payload");
    assertThat(DeadLetters.header(letters.get(0).headers(), Notifier.HEADER_DESTINATION)).startsWith("slack-webhook:");
    assertThat(topics.escalations.deserializeValue(letters.get(1).value()).getVersion()).isEqualTo(2);
    assertThat(DeadLetters.header(letters.get(2).headers(), DeadLetters.HEADER_TOPIC))
        .isEqualTo(topics.escalations.name());
    notifier.close();

    // Offsets were committed after parking: a restart in the same group does not try again.
    Notifier again = notifier(webhookMode());
    assertThat(again.awaitIdle(IDLE)).isTrue();
    assertThat(slack.requests(WEBHOOK_PATH)).hasSize(3);
    assertThat(again.counts()).isEqualTo(new Notifier.Counts(0, 0, 0, 0));
  }

  @Test
  void aDestinationThatIsDownHoldsBackOnlyItselfAndLosesNothing() throws Exception {
    for (int i = 0; i < 16; i++) {
      slack.thenStatus("/receiver", 500, "down for maintenance");
    }
    DeliveryConfig config = webhookMode().withWebhooks(List.of(
        new Webhook("receiver", slack.baseUrl() + "/receiver", "", null, TestPolicies.fast())));
    for (int v = 1; v <= 3; v++) {
      produce(TestEscalations.escalation("PRK|RUS", v == 1 ? "FIRING" : "UPDATED", "WARNING", v));
    }

    Notifier notifier = notifier(config);
    assertThat(notifier.awaitIdle(IDLE)).isTrue();

    List<FakeSlack.Request> received = slack.requests("/receiver").stream().filter(FakeSlack.Request::accepted)
        .toList();
    assertThat(received).extracting(r -> r.headers().getFirst("X-Dipwatch-Delivery"))
        .containsExactly("PRK|RUS:1", "PRK|RUS:2", "PRK|RUS:3");
    assertThat(slack.requests("/receiver")).hasSize(16 + 3);
    assertThat(posted()).extracting(Map.Entry::getValue).containsExactly(1L, 2L, 3L);
    long slackDone = slack.requests(WEBHOOK_PATH).get(2).arrivedNanos();
    assertThat(slackDone).as("Slack got all three before the receiver came back").isLessThan(received.get(0).arrivedNanos());
    assertThat(notifier.counts()).isEqualTo(new Notifier.Counts(6, 0, 0, 0));
    assertThat(kafka.consumeRaw(topics.notificationsDlq.name(), 0, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void aDestinationStartingFromLatestSkipsTheHistory() throws Exception {
    produce(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1));
    Notifier notifier = notifier(webhookMode().withStartFrom("latest"));
    assertThat(notifier.awaitIdle(IDLE)).isTrue();
    assertThat(slack.requests(WEBHOOK_PATH)).isEmpty();

    produce(TestEscalations.escalation("PRK|RUS", "UPDATED", "WATCH", 2));
    assertThat(notifier.awaitIdle(IDLE)).isTrue();
    assertThat(posted()).containsExactly(Map.entry("PRK|RUS", 2L));
  }

  @Test
  void botThreadsSurviveARestart() throws Exception {
    DeliveryConfig bot = DeliveryConfig.defaults().withSlack(Slack.defaults().withBot("xoxb-it", "#duty")
        .withApiBaseUrl(slack.apiBaseUrl()).withPolicy(TestPolicies.fast()));
    produce(TestEscalations.escalation("PRK|RUS", "FIRING", "WARNING", 1));
    Notifier first = notifier(bot);
    assertThat(first.awaitIdle(IDLE)).isTrue();
    first.close();
    String parentTs = Json.mapper().readTree(slack.requests("/api/chat.postMessage").get(0).answer()).path("ts").asText();
    assertThat(parentTs).isNotBlank();

    produce(TestEscalations.escalation("PRK|RUS", "UPDATED", "WARNING", 2));
    Notifier second = notifier(bot);
    assertThat(second.awaitIdle(IDLE)).isTrue();

    List<FakeSlack.Request> posts = slack.requests("/api/chat.postMessage");
    assertThat(posts).hasSize(2);
    JsonNode reply = Json.mapper().readTree(posts.get(1).body());
    assertThat(reply.path("thread_ts").asText()).isEqualTo(parentTs);
    assertThat(reply.path("channel").asText()).isEqualTo("C0DUTY");
    JsonNode refresh = Json.mapper().readTree(slack.requests("/api/chat.update").get(0).body());
    assertThat(refresh.path("ts").asText()).isEqualTo(parentTs);
  }

  @Test
  void genericWebhookIsSignedAndSharesTheGuarantees() throws Exception {
    String secret = "it-secret";
    DeliveryConfig config = DeliveryConfig.defaults().withWebhooks(List.of(
        new Webhook("receiver", slack.baseUrl() + "/receiver", secret, null, TestPolicies.fast())));
    slack.thenStatus("/receiver", 503, "busy");
    produce(TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 1));

    Notifier notifier = notifier(config);
    assertThat(notifier.awaitIdle(IDLE)).isTrue();

    List<FakeSlack.Request> requests = slack.requests("/receiver");
    assertThat(requests).hasSize(2);
    for (FakeSlack.Request request : requests) {
      String timestamp = request.headers().getFirst("X-Dipwatch-Timestamp");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + HexFormat.of().formatHex(
          mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
      assertThat(request.headers().getFirst("X-Dipwatch-Signature")).isEqualTo(expected);
    }
    assertThat(Json.mapper().readTree(requests.get(1).body()).path("key").asText()).isEqualTo("PRK|RUS");
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.counts().delivered() == 1);
  }
}
