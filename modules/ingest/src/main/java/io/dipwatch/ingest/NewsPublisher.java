package io.dipwatch.ingest;

import io.dipwatch.core.error.DeadLetterPublisher;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.ingest.state.FeedStateStore;
import io.dipwatch.ingest.state.SeenIds;
import io.dipwatch.schema.NewsItem;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way items leave ingest: each new item goes to {@code dipwatch.news.raw} keyed by its id, each reject to
 * {@code dipwatch.dlq} (stage {@code ingest}) with its reason, and an item whose id was already published is
 * dropped (see {@link SeenIds}). The producer is idempotent with {@code acks=all}, so broker retries never
 * duplicate a record either.
 */
public final class NewsPublisher implements AutoCloseable {
  public static final String STAGE = "ingest";
  private static final Logger LOG = LoggerFactory.getLogger(NewsPublisher.class);

  /** What became of an item handed to {@link #publish}. */
  public enum Outcome { PUBLISHED, DUPLICATE }

  private final Producer<byte[], byte[]> producer;
  private final Topics topics;
  private final SeenIds seen;
  private final FeedStateStore feedState;
  private final DeadLetterPublisher deadLetters;
  private final IngestMetrics metrics;
  private final ScheduledExecutorService housekeeping;
  /** Writes seen-id marks off the producer's I/O thread, which must never block in a send. */
  private final ExecutorService marks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "dipwatch-ingest-seen-marks");
    t.setDaemon(true);
    return t;
  });
  private final boolean ownsProducer;

  /** Wires a publisher from parts; the caller owns the producer. For tests and embedding. */
  public NewsPublisher(Producer<byte[], byte[]> producer, Topics topics, SeenIds seen, FeedStateStore feedState,
      IngestMetrics metrics) {
    this(producer, topics, seen, feedState, metrics, false);
  }

  private NewsPublisher(Producer<byte[], byte[]> producer, Topics topics, SeenIds seen, FeedStateStore feedState,
      IngestMetrics metrics, boolean ownsProducer) {
    this.producer = producer;
    this.topics = topics;
    this.seen = seen;
    this.feedState = feedState;
    this.metrics = metrics;
    this.deadLetters = new DeadLetterPublisher(producer, topics.dlq.name(), STAGE);
    this.ownsProducer = ownsProducer;
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dipwatch-ingest-seen-expiry");
      t.setDaemon(true);
      return t;
    });
    housekeeping.scheduleWithFixedDelay(this::expireSeen, 1, 1, TimeUnit.HOURS);
  }

  /**
   * Connects to the cluster: creates the idempotent producer, loads seen ids and feed positions from their
   * compacted topics (which must exist), and returns a ready publisher.
   */
  public static NewsPublisher connect(String bootstrapServers, Topics topics, IngestConfig config,
      IngestMetrics metrics) {
    Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrapServers),
        new ByteArraySerializer(), new ByteArraySerializer());
    SeenIds seen = null;
    try {
      IngestConfig.Dedup dedup = config.dedup();
      seen = SeenIds.kafkaBacked(bootstrapServers, topics.ingestSeen.name(), producer, dedup.ttl(),
          dedup.maxEntries(), dedup.loadTimeout(), Clock.systemUTC());
      FeedStateStore state = FeedStateStore.kafkaBacked(bootstrapServers, topics.ingestFeedState.name(), producer,
          dedup.loadTimeout());
      return new NewsPublisher(producer, topics, seen, state, metrics, true);
    } catch (RuntimeException e) {
      if (seen != null) {
        seen.close();
      }
      producer.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  /** Producer settings: idempotent, acks=all, modest batching for throughput. */
  public static Properties producerProps(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "dipwatch-ingest");
    return props;
  }

  /** Publishes the item unless its id was already published. */
  public Outcome publish(NewsItem item, String source) {
    metrics.fetched(source);
    if (!seen.claim(item.getId())) {
      metrics.duplicate(source);
      return Outcome.DUPLICATE;
    }
    try {
      producer.send(new ProducerRecord<>(topics.newsRaw.name(), topics.newsRaw.serializeKey(item.getId()),
          topics.newsRaw.serializeValue(item)), (md, e) -> {
            if (e == null) {
              marks.execute(() -> seen.confirm(item.getId()));
            } else {
              seen.release(item.getId());
              LOG.error("could not publish item {} from {}: {}", item.getId(), source, e.toString());
            }
          });
    } catch (RuntimeException e) {
      seen.release(item.getId());
      throw e;
    }
    metrics.published(source);
    return Outcome.PUBLISHED;
  }

  /** Parks a reject on the dead-letter topic with its reason. */
  public void reject(Reject reject, String source) {
    metrics.rejected(source, reject.errorClass());
    deadLetters.reject(reject.origin(), null, reject.raw(), reject.errorClass(), reject.reason());
  }

  /** A parse sink that publishes items and parks rejects under the given source tag. */
  public ParseSink sink(String source) {
    return new ParseSink() {
      @Override
      public void item(NewsItem item) {
        publish(item, source);
      }

      @Override
      public void reject(Reject reject) {
        NewsPublisher.this.reject(reject, source);
      }
    };
  }

  public FeedStateStore feedState() {
    return feedState;
  }

  public SeenIds seenIds() {
    return seen;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Blocks until every record sent so far, and the seen-id marks of the items among them, is acknowledged. */
  public void flush() {
    producer.flush();
    try {
      marks.submit(() -> { }).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("seen-id marks not written in time: {}", e.toString());
    }
    producer.flush();
  }

  private void expireSeen() {
    try {
      int n = seen.expire();
      if (n > 0) {
        LOG.info("forgot {} item ids older than the dedup TTL", n);
      }
    } catch (RuntimeException e) {
      LOG.warn("seen-id expiry failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    flush();
    marks.shutdown();
    seen.close();
    feedState.close();
    if (ownsProducer) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
