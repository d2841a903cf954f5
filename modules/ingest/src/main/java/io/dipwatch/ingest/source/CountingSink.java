package io.dipwatch.ingest.source;

import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;

/** Publishes through the {@link NewsPublisher} and counts what happened, for poll results and progress. */
final class CountingSink implements ParseSink {
  private final NewsPublisher publisher;
  private final String source;
  long fetched;
  long published;
  long rejected;

  CountingSink(NewsPublisher publisher, String source) {
    this.publisher = publisher;
    this.source = source;
  }

  @Override
  public void item(NewsItem item) {
    fetched++;
    if (publisher.publish(item, source) == NewsPublisher.Outcome.PUBLISHED) {
      published++;
    }
  }

  @Override
  public void reject(Reject reject) {
    rejected++;
    publisher.reject(reject, source);
  }
}
