package io.dipwatch.app.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind the end of its input topics. Replay and bench use it to know that a
 * stage has processed everything that was written before they asked.
 */
public final class Lag {
  private Lag() {}

  /**
   * Records between the group's committed offsets and the current ends of the given input topics and of the
   * stage's own repartition topics ({@code <application id>-...-repartition}, counted from 0 until the group
   * commits on them), so a Streams stage counts as caught up only when all its sub-topologies are.
   */
  public static long of(Admin admin, String groupId, Collection<String> inputTopics)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    Set<String> topics = new HashSet<>(inputTopics);
    committed.keySet().forEach(tp -> topics.add(tp.topic()));
    admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
        .filter(name -> name.startsWith(groupId + "-") && name.endsWith("-repartition"))
        .forEach(topics::add);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (var description : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()),
          OffsetSpec.latest()));
    }
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (var end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
    }
    return lag;
  }

  /** Waits until the condition holds, checking every 100 ms; fails with the description after the timeout. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
