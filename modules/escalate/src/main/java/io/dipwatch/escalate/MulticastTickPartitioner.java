package io.dipwatch.escalate;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends every watermark tick to all partitions of the repartition topic, so time moves for every cluster key
 * even on partitions no event reaches; events keep the default hash-of-key placement.
 */
public final class MulticastTickPartitioner implements StreamPartitioner<String, Signal> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, Signal value, int numPartitions) {
    if (value != null && value.isTick()) {
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
    return Optional.empty();
  }
}
