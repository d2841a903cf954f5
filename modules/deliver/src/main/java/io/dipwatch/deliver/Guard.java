package io.dipwatch.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one destination with its guarantees: calls are spaced by a resilience4j
 * {@link RateLimiter} (one permit per 1/rate seconds, so bursts are smoothed, not allowed), and a resilience4j
 * {@link Retry} repeats 429s after the server's Retry-After and 5xx/timeouts after a capped exponential
 * back-off with jitter. Any other 4xx, or what the destination's {@link ResponseCheck} refuses, fails at once.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  /** Used when a 429 carries no (readable) Retry-After. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /** Inspects a 2xx response; Slack's Web API answers errors with HTTP 200 and {@code ok:false}. */
  @FunctionalInterface
  public interface ResponseCheck {
    ResponseCheck ACCEPT = response -> { };

    void check(HttpResponse<String> response) throws DeliveryFailure;
  }

  private final String destinationId;
  private final HttpClient client;
  private final RateLimiter rateLimiter;
  private final Retry retry;

  public Guard(String destinationId, SendPolicy policy, MeterRegistry registry) {
    this.destinationId = destinationId;
    this.client = HttpClient.newBuilder()
        .connectTimeout(policy.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    long periodNanos = Math.max(1, Math.round(1_000_000_000d / policy.ratePerSecond()));
    this.rateLimiter = RateLimiter.of("deliver-" + destinationId, RateLimiterConfig.custom()
        .limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
        .timeoutDuration(Duration.ofMinutes(10))
        .build());
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), 2.0, 0.5,
        policy.maxBackoff());
    Duration maxRetryAfter = policy.maxRetryAfter();
    this.retry = Retry.of("deliver-" + destinationId, RetryConfig.<Object>custom()
        .maxAttempts(policy.maxRetries() + 1)
        .retryOnException(e -> e instanceof DeliveryFailure f && f.retryable())
        .intervalBiFunction((attempt, outcome) -> {
          if (outcome.isLeft() && outcome.getLeft() instanceof DeliveryFailure f && f.retryAfter() != null) {
            return Math.min(f.retryAfter().toMillis(), maxRetryAfter.toMillis());
          }
          return backoff.apply(attempt);
        })
        .build());
    Counter retries = Counter.builder("dipwatch.deliver.retries").tag("destination", destinationId)
        .description("HTTP attempts repeated after 429, 5xx or a timeout").register(registry);
    retry.getEventPublisher().onRetry(event -> {
      retries.increment();
      LOG.info("{}: attempt {} failed ({}), retrying in {} ms", destinationId, event.getNumberOfRetryAttempts(),
          event.getLastThrowable() == null ? "?" : event.getLastThrowable().getMessage(),
          event.getWaitInterval().toMillis());
    });
  }

  /**
   * Sends a request built afresh for every attempt (so signatures and timestamps are current).
   *
   * @return the 2xx response that passed {@code check}
   */
  public HttpResponse<String> send(Supplier<HttpRequest> request, ResponseCheck check)
      throws DeliveryFailure, InterruptedException {
    CheckedSupplier<HttpResponse<String>> attempt = () -> exchange(request.get(), check);
    CheckedSupplier<HttpResponse<String>> guarded =
        Retry.decorateCheckedSupplier(retry, RateLimiter.decorateCheckedSupplier(rateLimiter, attempt));
    try {
      return guarded.get();
    } catch (DeliveryFailure f) {
      throwIfInterrupted();
      throw f.at(destinationId);
    } catch (RequestNotPermitted e) {
      throwIfInterrupted();
      throw DeliveryFailure.temporary(0, "rate limiter timed out", e).at(destinationId);
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable t) {
      throwIfInterrupted();
      throw DeliveryFailure.temporary(0, t.toString(), t).at(destinationId);
    }
  }

  private static void throwIfInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("delivery interrupted");
    }
  }

  private HttpResponse<String> exchange(HttpRequest request, ResponseCheck check)
      throws DeliveryFailure, InterruptedException {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw DeliveryFailure.temporary(0, "timeout", e);
    } catch (IOException e) {
      throw DeliveryFailure.temporary(0, e.getClass().getSimpleName(), e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      check.check(response);
      return response;
    }
    String error = errorCode(response.body());
    if (status == 429) {
      throw DeliveryFailure.rateLimited(retryAfter(response), status, error);
    }
    if (status >= 500 || status == 408) {
      throw DeliveryFailure.temporary(status, error, null);
    }
    throw DeliveryFailure.permanent(status, error);
  }

  /** Slack's {@code error} field when the body is Slack JSON, else the body itself, shortened. */
  public static String errorCode(String body) {
    if (body == null || body.isBlank()) {
      return "no body";
    }
    String trimmed = body.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode json = Json.mapper().readTree(trimmed);
        if (json.hasNonNull("error")) {
          return json.get("error").asText();
        }
      } catch (IOException e) {
        // not JSON after all: report the text
      }
    }
    String flat = trimmed.replaceAll("\\s+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }

  /** Retry-After in seconds or as an HTTP date; {@link #DEFAULT_RETRY_AFTER} when absent or unreadable. */
  static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("").strip();
    if (value.isEmpty()) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return DEFAULT_RETRY_AFTER;
      }
    }
  }

  public String destinationId() {
    return destinationId;
  }

  /** Per-request timeout to put on every {@link HttpRequest} of this destination. */
  public static HttpRequest.Builder request(SendPolicy policy) {
    return HttpRequest.newBuilder().timeout(policy.requestTimeout()).header("User-Agent", "dipwatch/0.1");
  }
}
