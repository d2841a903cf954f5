package io.dipwatch.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where the cluster is and how dipwatch names things on it. An empty bootstrap means the embedded broker.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KafkaSettings(
    String bootstrapServers,
    String topicPrefix,
    int partitions,
    short replicationFactor,
    String applicationIdPrefix,
    String stateDir) {

  public static KafkaSettings defaults() {
    return new KafkaSettings("", "dipwatch.", 3, (short) 1, "dipwatch", "./data/streams");
  }

  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(servers, topicPrefix, partitions, replicationFactor, applicationIdPrefix, stateDir);
  }

  public KafkaSettings withStateDir(String dir) {
    return new KafkaSettings(bootstrapServers, topicPrefix, partitions, replicationFactor, applicationIdPrefix, dir);
  }
}
