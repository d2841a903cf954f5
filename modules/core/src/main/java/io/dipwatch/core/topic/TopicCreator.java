package io.dipwatch.core.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates dipwatch's topics up front from their {@link TopicSpec}s, because brokers run with
 * {@code auto.create.topics.enable=false} and Streams with explicit resource naming: a missing topic must be
 * created with the right partitions and cleanup policy, never silently with broker defaults.
 * Idempotent: topics that already exist (or are created concurrently) are left as they are.
 */
public final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  /** How long one call may wait for the cluster before giving up. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicCreator() {}

  /**
   * Creates every topic in {@code topics} that does not exist yet.
   *
   * @throws KafkaException if the cluster does not answer within {@link #TIMEOUT} or refuses a topic
   */
  public static void ensure(Admin admin, Collection<Topic<?, ?>> topics, short replicationFactor) {
    Map<String, NewTopic> wanted = new LinkedHashMap<>();
    for (Topic<?, ?> topic : topics) {
      TopicSpec spec = topic.spec();
      wanted.putIfAbsent(topic.name(),
          new NewTopic(topic.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
    }
    if (wanted.isEmpty()) {
      return;
    }
    int timeoutMs = (int) TIMEOUT.toMillis();
    Set<String> existing = await(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names(),
        "list topics");
    List<NewTopic> missing = wanted.values().stream().filter(t -> !existing.contains(t.name())).toList();
    if (missing.isEmpty()) {
      log.debug("All {} topics exist", wanted.size());
      return;
    }
    var result = admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(timeoutMs));
    for (var entry : result.values().entrySet()) {
      try {
        await(entry.getValue(), "create topic " + entry.getKey());
        log.info("Created topic {}", entry.getKey());
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        log.debug("Topic {} was created concurrently", entry.getKey());
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new KafkaException("Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("Timed out after " + TIMEOUT.toSeconds() + " s waiting to " + what, e);
    }
  }
}
