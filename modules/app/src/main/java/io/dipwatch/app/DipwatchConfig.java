package io.dipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.classify.ClassifyConfig;
import io.dipwatch.core.config.KafkaSettings;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.topic.Topics;
import io.dipwatch.deliver.DeliveryConfig;
import io.dipwatch.escalate.EscalationConfig;
import io.dipwatch.ingest.IngestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The whole configuration: one YAML file whose sections are the stages' own config records. Whatever the file
 * leaves out keeps the stage's default, so a file only says what differs.
 */
public record DipwatchConfig(
    KafkaSettings kafka,
    HttpSettings http,
    IngestConfig ingest,
    ClassifyConfig classify,
    EscalationConfig escalate,
    DeliveryConfig deliver) {

  /**
   * The HTTP server: API, metrics, dashboard. Binds 127.0.0.1 unless told otherwise; beyond it, posting items
   * needs the bearer token named by {@code ingest.http.tokenEnv}.
   */
  public record HttpSettings(String host, int port) {
    public boolean loopbackOnly() {
      return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
  }

  public static DipwatchConfig defaults() {
    return new DipwatchConfig(KafkaSettings.defaults(), new HttpSettings("127.0.0.1", 8080),
        IngestConfig.defaults(), ClassifyConfig.defaults(), EscalationConfig.defaults(), DeliveryConfig.defaults());
  }

  /** Reads a YAML file over the defaults; a missing path means defaults. */
  public static DipwatchConfig load(Path file) throws IOException {
    if (file == null) {
      return defaults();
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("config file not found: " + file);
    }
    JsonNode user = Json.yaml().readTree(file.toFile());
    return overlay(user);
  }

  static DipwatchConfig overlay(JsonNode user) throws IOException {
    ObjectMapper mapper = Json.mapper();
    ObjectNode base = mapper.valueToTree(defaults());
    if (user != null && user.isObject()) {
      merge(base, (ObjectNode) user);
    }
    return mapper.treeToValue(base, DipwatchConfig.class);
  }

  private static void merge(ObjectNode base, ObjectNode user) {
    Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = base.get(field.getKey());
      if (existing != null && existing.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) existing, (ObjectNode) field.getValue());
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  public Topics topics() {
    return new Topics(kafka.topicPrefix(), kafka.partitions());
  }

  public DipwatchConfig withKafka(KafkaSettings settings) {
    return new DipwatchConfig(settings, http, ingest, classify, escalate, deliver);
  }

  public DipwatchConfig withDeliver(DeliveryConfig settings) {
    return new DipwatchConfig(kafka, http, ingest, classify, escalate, settings);
  }

  public DipwatchConfig withEscalate(EscalationConfig settings) {
    return new DipwatchConfig(kafka, http, ingest, classify, settings, deliver);
  }

  public DipwatchConfig withClassify(ClassifyConfig settings) {
    return new DipwatchConfig(kafka, http, ingest, settings, escalate, deliver);
  }

  public DipwatchConfig withHttp(HttpSettings settings) {
    return new DipwatchConfig(kafka, settings, ingest, classify, escalate, deliver);
  }
}
