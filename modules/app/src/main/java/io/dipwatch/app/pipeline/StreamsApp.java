package io.dipwatch.app.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One stage's Kafka Streams instance with metrics bound and a thread that dies replaced, not lost. */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final String stage;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics metrics;

  public StreamsApp(String stage, Topology topology, Properties props, MeterRegistry registry) {
    this.stage = stage;
    this.streams = new KafkaStreams(topology, props);
    this.streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stage {}: stream thread failed, replacing it: {}", stage, e.toString(), e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    this.streams.setStateListener((now, before) -> LOG.info("stage {}: {} -> {}", stage, before, now));
    this.metrics = new KafkaStreamsMetrics(streams);
    this.metrics.bindTo(registry);
  }

  public void start() {
    streams.start();
  }

  /** Waits until the instance is RUNNING; fails if it errors or the time runs out. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("stage " + stage + " stopped while starting: " + streams.state());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stage " + stage + " not running after " + timeout + ": " + streams.state());
      }
      Thread.sleep(50);
    }
  }

  public String stage() {
    return stage;
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    metrics.close();
    streams.close(Duration.ofSeconds(30));
  }
}
