package io.dipwatch.core.error;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parks rejected input on the dead-letter topic with its reason; used by stages outside Kafka Streams. */
public final class DeadLetterPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
  private static final int MAX_PARKED_BYTES = 900 * 1024;

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  private final String stage;
  private final AtomicLong parked = new AtomicLong();

  public DeadLetterPublisher(Producer<byte[], byte[]> producer, String dlqTopic, String stage) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.stage = stage;
  }

  /** Parks the raw input (cut to fit a Kafka record) with the reason; never throws. */
  public void reject(String origin, String key, byte[] raw, String errorClass, String reason) {
    byte[] value = raw == null || raw.length <= MAX_PARKED_BYTES ? raw : java.util.Arrays.copyOf(raw, MAX_PARKED_BYTES);
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    LOG.warn("rejected input from {}: {} ({})", origin, reason, errorClass);
    try {
      producer.send(DeadLetters.rejected(dlqTopic, stage, origin, keyBytes, value, errorClass, reason), (md, e) -> {
        if (e != null) {
          LOG.error("could not park rejected input from {} on {}: {}", origin, dlqTopic, e.toString());
        }
      });
      parked.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.error("could not park rejected input from {} on {}: {}", origin, dlqTopic, e.toString());
    }
  }

  public long parkedCount() {
    return parked.get();
  }
}
