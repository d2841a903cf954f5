package io.dipwatch.deliver;

import java.time.Duration;

/**
 * Why a destination did not take a message, and whether trying again can help: 429 (after its
 * Retry-After), 5xx and timeouts can; other 4xx and Slack's {@code ok:false} cannot, and the record is parked.
 * Messages name the destination id and the server's error code, never the URL (it may be a credential).
 */
public final class DeliveryFailure extends Exception {
  private final boolean retryable;
  private final Duration retryAfter;
  private final int status;
  private final String error;

  private DeliveryFailure(String message, boolean retryable, Duration retryAfter, int status, String error,
      Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.status = status;
    this.error = error;
  }

  public static DeliveryFailure rateLimited(Duration retryAfter, int status, String error) {
    return new DeliveryFailure("rate limited (HTTP " + status + ", " + error + "), retry after "
        + retryAfter.toMillis() + " ms", true, retryAfter, status, error, null);
  }

  /** 5xx, timeouts, connection failures and Slack's transient {@code ok:false} errors. */
  public static DeliveryFailure temporary(int status, String error, Throwable cause) {
    return new DeliveryFailure("temporary failure (HTTP " + status + ", " + error + ")", true, null, status,
        error, cause);
  }

  public static DeliveryFailure permanent(int status, String error) {
    return new DeliveryFailure("rejected (HTTP " + status + ", " + error + ")", false, null, status, error, null);
  }

  /** The same failure, said of a destination, for logs and the dead-letter record. */
  public DeliveryFailure at(String destinationId) {
    DeliveryFailure named = new DeliveryFailure(destinationId + ": " + getMessage(), retryable, retryAfter, status,
        error, getCause());
    named.setStackTrace(getStackTrace());
    return named;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The server's Retry-After, or null when it gave none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** HTTP status, 0 when no response came. */
  public int status() {
    return status;
  }

  /** Short error code: Slack's {@code error} field, the body of a webhook error, or the exception. */
  public String error() {
    return error;
  }
}
