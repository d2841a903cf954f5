package io.dipwatch.ingest.source;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.state.FeedStateStore;
import io.dipwatch.ingest.state.SeenIds;
import io.dipwatch.schema.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A NewsPublisher over Kafka's MockProducer with in-memory state, for unit tests of the sources. */
final class TestPublisher {
  final Topics topics = new Topics();
  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final NewsPublisher publisher = new NewsPublisher(producer, topics,
      SeenIds.inMemory(Duration.ofDays(30), 100_000, Fixtures.CLOCK), FeedStateStore.inMemory(),
      new IngestMetrics(registry, Fixtures.CLOCK));

  List<NewsItem> items() {
    return producer.history().stream().filter(r -> r.topic().equals(topics.newsRaw.name()))
        .map(r -> topics.newsRaw.deserializeValue(r.value())).toList();
  }

  List<ProducerRecord<byte[], byte[]>> deadLetters() {
    return producer.history().stream().filter(r -> r.topic().equals(topics.dlq.name())).toList();
  }

  static String header(ProducerRecord<byte[], byte[]> r, String name) {
    return DeadLetters.header(r.headers(), name);
  }

  double counter(String name, String source) {
    var c = registry.find(name).tag("source", source).counter();
    return c == null ? 0 : c.count();
  }
}
