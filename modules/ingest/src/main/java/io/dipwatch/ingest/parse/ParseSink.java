package io.dipwatch.ingest.parse;

import io.dipwatch.schema.NewsItem;
import java.util.ArrayList;
import java.util.List;

/** Receives what a parser makes of its input: items, and rejects for input it could not use. */
public interface ParseSink {
  void item(NewsItem item);

  void reject(Reject reject);

  /** A sink that collects into lists; for tests, the HTTP handler and offline tools. */
  static Collecting collecting() {
    return new Collecting();
  }

  /** Collects items and rejects in arrival order. */
  final class Collecting implements ParseSink {
    private final List<NewsItem> items = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();

    @Override
    public void item(NewsItem item) {
      items.add(item);
    }

    @Override
    public void reject(Reject reject) {
      rejects.add(reject);
    }

    public List<NewsItem> items() {
      return items;
    }

    public List<Reject> rejects() {
      return rejects;
    }
  }
}
