package io.dipwatch.deliver.webhook;

import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.core.model.Level;
import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.dipwatch.deliver.DeliveryConfig.Webhook;
import io.dipwatch.deliver.DeliveryFailure;
import io.dipwatch.deliver.DeliveryState;
import io.dipwatch.deliver.Destination;
import io.dipwatch.deliver.Guard;
import io.dipwatch.schema.Escalation;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * A generic HTTP endpoint that takes the escalation record as JSON (the form of DESIGN.md, as in the replay
 * output), signed per attempt with {@link WebhookSignature} and carrying a delivery id ({@code key:version})
 * that receivers can use to drop the rare duplicate of at-least-once delivery.
 */
public final class WebhookDestination implements Destination {
  private final String id;
  private final URI url;
  private final String secret;
  private final Level minLevel;
  private final SendPolicy policy;
  private final Clock clock;

  public WebhookDestination(Webhook config, Clock clock) {
    this.id = "webhook:" + config.name();
    this.url = URI.create(config.url().trim());
    this.secret = config.secret();
    this.minLevel = config.minLevel() == null || config.minLevel().isBlank() ? Level.WATCH
        : Level.valueOf(config.minLevel().strip().toUpperCase(java.util.Locale.ROOT));
    this.policy = config.policy();
    this.clock = clock;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public SendPolicy policy() {
    return policy;
  }

  /** Whether this webhook wants records of the escalation's level. */
  public boolean accepts(Escalation escalation) {
    return Level.valueOf(escalation.getLevel()).atLeast(minLevel);
  }

  @Override
  public DeliveryState deliver(Escalation escalation, DeliveryState previous, Guard guard)
      throws DeliveryFailure, InterruptedException {
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(RecordJson.escalation(escalation));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    String deliveryId = escalation.getKey() + ":" + escalation.getVersion();
    guard.send(() -> {
      long now = clock.instant().getEpochSecond();
      HttpRequest.Builder request = Guard.request(policy).uri(url)
          .header("Content-Type", "application/json")
          .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
          .header(WebhookSignature.DELIVERY_HEADER, deliveryId)
          .header(WebhookSignature.EVENT_HEADER, escalation.getStatus())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (!secret.isEmpty()) {
        request.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body));
      }
      return request.build();
    }, Guard.ResponseCheck.ACCEPT);
    return DeliveryState.delivered(id, escalation.getKey(), escalation.getVersion());
  }

  @Override
  public String toString() {
    return id;
  }
}
