package io.dipwatch.deliver.slack;

import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.dipwatch.deliver.DeliveryFailure;
import io.dipwatch.deliver.DeliveryState;
import io.dipwatch.deliver.Destination;
import io.dipwatch.deliver.Guard;
import io.dipwatch.schema.Escalation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Slack incoming webhook: one channel fixed by the URL, no threads. Slack answers {@code ok} with 200 and
 * errors such as {@code invalid_payload} (400) or {@code channel_not_found} (404) as plain text.
 */
public final class SlackWebhookDestination implements Destination {
  private final String id;
  private final URI url;
  private final SendPolicy policy;
  private final SlackMessages messages;

  public SlackWebhookDestination(String webhookUrl, SendPolicy policy, SlackMessages messages) {
    this.url = URI.create(webhookUrl.trim());
    this.id = "slack-webhook:" + fingerprint(webhookUrl.trim());
    this.policy = policy;
    this.messages = messages;
  }

  /** First 12 hex digits of the URL's SHA-256: stable and distinct per webhook, but not the secret itself. */
  static String fingerprint(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public SendPolicy policy() {
    return policy;
  }

  @Override
  public DeliveryState deliver(Escalation escalation, DeliveryState previous, Guard guard)
      throws DeliveryFailure, InterruptedException {
    String body = messages.message(escalation).toString();
    guard.send(() -> Guard.request(policy).uri(url)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build(), Guard.ResponseCheck.ACCEPT);
    return DeliveryState.delivered(id, escalation.getKey(), escalation.getVersion());
  }

  @Override
  public String toString() {
    return id;
  }
}
