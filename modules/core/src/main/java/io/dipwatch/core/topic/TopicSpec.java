package io.dipwatch.core.topic;

import java.util.Map;

/** How a topic is created: partitions, whether it is compacted, and retention. */
public record TopicSpec(int partitions, boolean compacted, long retentionMs) {
  public static final long FOREVER = -1L;
  public static final long WEEK = 7L * 24 * 3600 * 1000;

  public static TopicSpec stream(int partitions, long retentionMs) {
    return new TopicSpec(partitions, false, retentionMs);
  }

  public static TopicSpec compacted(int partitions) {
    return new TopicSpec(partitions, true, FOREVER);
  }

  /** Topic-level configs for AdminClient#createTopics. */
  public Map<String, String> configs() {
    return compacted
        ? Map.of("cleanup.policy", "compact")
        : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retentionMs));
  }
}
