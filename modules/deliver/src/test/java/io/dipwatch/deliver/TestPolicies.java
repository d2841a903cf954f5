package io.dipwatch.deliver;

import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import java.time.Duration;

/** Send policies that keep tests fast but still exercise every wait. */
public final class TestPolicies {
  private TestPolicies() {}

  /** 50 msg/s, 3 retries, back-off 50 → 200 ms, request timeout 1 s. */
  public static SendPolicy fast() {
    return new SendPolicy(50.0, 3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5),
        Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
