package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.ingest.parse.Reject;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class NewsPublisherTest {

  @Test
  void publishesEachIdOnceKeyedByIdAndParksRejectsWithReasons() throws Exception {
    TestPublisher t = new TestPublisher();
    for (int pass = 0; pass < 2; pass++) {
      try (InputStream in = Fixtures.stream("items-mixed.jsonl")) {
        Formats.parser("jsonl", Fixtures.options()).parse(in, "items-mixed.jsonl", t.publisher.sink("jsonl"));
      }
    }
    assertThat(t.items()).hasSize(3);
    assertThat(t.producer.history().stream().filter(r -> r.topic().equals(t.topics.newsRaw.name())))
        .allSatisfy(r -> assertThat(t.topics.newsRaw.deserializeKey(r.key()))
            .isEqualTo(t.topics.newsRaw.deserializeValue(r.value()).getId()));
    assertThat(t.producer.history().stream().filter(r -> r.topic().equals(t.topics.ingestSeen.name()))).isEmpty();
    assertThat(t.counter(IngestMetrics.PUBLISHED, "jsonl")).isEqualTo(3);
    assertThat(t.counter(IngestMetrics.DUPLICATES, "jsonl")).isEqualTo(3);
    assertThat(t.counter(IngestMetrics.FETCHED, "jsonl")).isEqualTo(6);

    assertThat(t.deadLetters()).hasSize(12);
    var first = t.deadLetters().get(0);
    assertThat(TestPublisher.header(first, DeadLetters.HEADER_STAGE)).isEqualTo(NewsPublisher.STAGE);
    assertThat(TestPublisher.header(first, DeadLetters.HEADER_EXCEPTION)).isEqualTo(Reject.MALFORMED_JSON);
    assertThat(TestPublisher.header(first, DeadLetters.HEADER_ORIGIN)).isEqualTo("items-mixed.jsonl:4");
    assertThat(TestPublisher.header(first, DeadLetters.HEADER_MESSAGE)).startsWith("malformed JSON");
    assertThat(new String(first.value())).isEqualTo("{\"title\":\"broken json\", \"body\": }");
  }

  @Test
  void aFailedSendForgetsTheClaimSoTheItemIsPublishedOnTheNextTry() {
    var producer = new org.apache.kafka.clients.producer.MockProducer<byte[], byte[]>(false, null,
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
    var topics = new io.dipwatch.core.topic.Topics();
    var seen = io.dipwatch.ingest.state.SeenIds.inMemory(java.time.Duration.ofDays(1), 100, Fixtures.CLOCK);
    try (NewsPublisher publisher = new NewsPublisher(producer, topics, seen,
        io.dipwatch.ingest.state.FeedStateStore.inMemory(), IngestMetrics.unregistered())) {
      var item = io.dipwatch.testkit.Fixtures.item("id-1", "t", "b", "s", Fixtures.NOW);
      assertThat(publisher.publish(item, "x")).isEqualTo(NewsPublisher.Outcome.PUBLISHED);
      assertThat(publisher.publish(item, "x")).as("claimed while in flight").isEqualTo(NewsPublisher.Outcome.DUPLICATE);
      producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
      assertThat(seen.contains("id-1")).isFalse();
      assertThat(publisher.publish(item, "x")).isEqualTo(NewsPublisher.Outcome.PUBLISHED);
      producer.completeNext();
      assertThat(seen.contains("id-1")).isTrue();
    }
  }
}
