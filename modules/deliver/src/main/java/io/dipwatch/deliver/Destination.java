package io.dipwatch.deliver;

import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.dipwatch.schema.Escalation;

/**
 * One place escalations go (a Slack channel, an incoming webhook, a generic webhook). The notifier owns
 * the rest — routing, de-duplication, rate limit, retries, dead letters, offsets — so a destination only
 * says how to send one record, making every HTTP call through the {@link Guard} it is handed.
 */
public interface Destination {

  /** Stable across restarts (part of the de-duplication identity) and free of secrets (it is logged). */
  String id();

  /** Rate limit, retries and timeouts for this destination. */
  SendPolicy policy();

  /**
   * Sends one escalation.
   *
   * @param previous what this destination last received for the key, or null
   * @return the state to remember once it is delivered
   * @throws DeliveryFailure when it could not be delivered, retries included
   */
  DeliveryState deliver(Escalation escalation, DeliveryState previous, Guard guard)
      throws DeliveryFailure, InterruptedException;
}
