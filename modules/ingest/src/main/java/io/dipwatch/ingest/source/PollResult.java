package io.dipwatch.ingest.source;

import java.time.Duration;

/**
 * What one poll of a source did, and when the next one is due.
 *
 * @param status HTTP status, or -1 if no answer came
 * @param fetched items parsed (published + duplicates)
 * @param published new items sent to {@code dipwatch.news.raw}
 * @param rejected rejects parked on {@code dipwatch.dlq}
 * @param error why the poll failed, or null
 * @param nextDelay wait before the next poll: the interval, or a backoff after failures
 */
public record PollResult(int status, int fetched, int published, int rejected, String error, Duration nextDelay) {
  public boolean failed() {
    return error != null;
  }
}
