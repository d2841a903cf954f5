package io.dipwatch.deliver.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery, {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}: binding the
 * timestamp into the MAC lets a receiver refuse replays older than its tolerance. Receivers written in Java
 * can call {@link #verify}.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Dipwatch-Signature";
  public static final String TIMESTAMP_HEADER = "X-Dipwatch-Timestamp";
  public static final String DELIVERY_HEADER = "X-Dipwatch-Delivery";
  public static final String EVENT_HEADER = "X-Dipwatch-Event";

  private WebhookSignature() {}

  /** {@code sha256=<hex>} over {@code "<epochSeconds>.<body>"}. */
  public static String sign(String secret, long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }

  /** True when the signature matches (compared in constant time) and the timestamp is within tolerance. */
  public static boolean verify(String secret, String timestampHeader, byte[] body, String signatureHeader,
      Duration tolerance, Instant now) {
    if (timestampHeader == null || signatureHeader == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.UTF_8));
  }
}
