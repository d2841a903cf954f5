package io.dipwatch.deliver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one destination last received for one cluster key, persisted in the compacted threads topic so a
 * restart neither posts a version twice nor loses the Slack thread: the version delivered and, for the
 * Slack Web API, the channel and {@code ts} of the thread's parent message.
 *
 * @param destination destination id
 * @param key cluster key
 * @param version highest escalation version delivered
 * @param channel Slack channel id of the thread (bot mode), else null
 * @param threadTs {@code ts} of the thread's parent message (bot mode), else null
 * @param threadClosed the thread ended with RESOLVED; the next FIRING starts a new one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryState(String destination, String key, long version, String channel, String threadTs,
    boolean threadClosed) {

  public static DeliveryState delivered(String destination, String key, long version) {
    return new DeliveryState(destination, key, version, null, null, false);
  }

  public boolean hasOpenThread() {
    return threadTs != null && !threadClosed;
  }

  /** The ledger key: destination and cluster key. */
  public String ledgerKey() {
    return ledgerKey(destination, key);
  }

  public static String ledgerKey(String destination, String key) {
    return destination + "#" + key;
  }
}
