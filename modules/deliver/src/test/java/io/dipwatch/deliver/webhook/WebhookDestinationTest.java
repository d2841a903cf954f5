package io.dipwatch.deliver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.deliver.DeliveryConfig.Webhook;
import io.dipwatch.deliver.FakeSlack;
import io.dipwatch.deliver.Guard;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.deliver.TestPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic webhook, its body and its signature, checked the way a receiver would check them. */
class WebhookDestinationTest {
  private static final String SECRET = "correct horse battery staple";
  private FakeSlack receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new FakeSlack();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static String hmacHex(String secret, String payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void postsTheEscalationJsonSignedOverTimestampAndBody() throws Exception {
    var escalation = TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 7);
    var destination = new WebhookDestination(new Webhook("siem", receiver.baseUrl() + "/hook", SECRET, null,
        TestPolicies.fast()), Clock.systemUTC());

    destination.deliver(escalation, null, new Guard(destination.id(), TestPolicies.fast(), new SimpleMeterRegistry()));

    var request = receiver.requests("/hook").get(0);
    assertThat(Json.mapper().readTree(request.body()))
        .isEqualTo(Json.mapper().readTree(RecordJson.escalation(escalation).toString()));
    String timestamp = request.headers().getFirst("X-Dipwatch-Timestamp");
    assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
    assertThat(request.headers().getFirst("X-Dipwatch-Signature"))
        .isEqualTo("sha256=" + hmacHex(SECRET, timestamp + "." + request.body()));
    assertThat(request.headers().getFirst("X-Dipwatch-Delivery")).isEqualTo("PRK|RUS:7");
    assertThat(WebhookSignature.verify(SECRET, timestamp, request.body().getBytes(StandardCharsets.UTF_8),
        request.headers().getFirst("X-Dipwatch-Signature"), Duration.ofMinutes(5), Instant.now())).isTrue();
  }

  @Test
  void verifyRefusesTamperingWrongSecretAndStaleTimestamps() {
    byte[] body = "{\"key\":\"PRK|RUS\"}".getBytes(StandardCharsets.UTF_8);
    long now = Instant.parse("2026-03-08T12:00:00Z").getEpochSecond();
    String signature = WebhookSignature.sign(SECRET, now, body);
    Instant at = Instant.ofEpochSecond(now);
    assertThat(WebhookSignature.verify(SECRET, Long.toString(now), body, signature, Duration.ofMinutes(5), at)).isTrue();
    assertThat(WebhookSignature.verify("other", Long.toString(now), body, signature, Duration.ofMinutes(5), at)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, Long.toString(now), "{}".getBytes(StandardCharsets.UTF_8), signature,
        Duration.ofMinutes(5), at)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, Long.toString(now), body, signature, Duration.ofMinutes(5),
        at.plusSeconds(600))).as("replayed ten minutes later").isFalse();
    assertThat(WebhookSignature.verify(SECRET, Long.toString(now + 1), body, signature, Duration.ofMinutes(5), at))
        .as("timestamp swapped").isFalse();
  }

  @Test
  void unsignedWhenNoSecretAndFilteredByLevel() throws Exception {
    var destination = new WebhookDestination(new Webhook("plain", receiver.baseUrl() + "/plain", "", "WARNING",
        TestPolicies.fast()), Clock.systemUTC());
    assertThat(destination.accepts(TestEscalations.escalation("PRK|RUS", "FIRING", "WATCH", 1))).isFalse();
    assertThat(destination.accepts(TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 1))).isTrue();
    destination.deliver(TestEscalations.escalation("PRK|RUS", "FIRING", "CRITICAL", 1), null,
        new Guard(destination.id(), TestPolicies.fast(), new SimpleMeterRegistry()));
    assertThat(receiver.requests("/plain").get(0).headers().containsKey("X-Dipwatch-Signature")).isFalse();
  }
}
