package io.dipwatch.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scenario files under src/test/resources/scenarios, optionally moved in time. */
final class Scenarios {
  private Scenarios() {}

  static String text(String name) throws IOException {
    try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The scenario's items with publication times shifted so that the latest is {@code latest}. */
  static List<ObjectNode> shifted(String name, Instant latest) throws IOException {
    List<ObjectNode> items = new ArrayList<>();
    Instant max = Instant.EPOCH;
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(line);
        items.add(node);
        Instant at = Instant.parse(node.get("publishedAt").asText());
        max = at.isAfter(max) ? at : max;
      }
    }
    Duration shift = Duration.between(max, latest);
    for (ObjectNode node : items) {
      node.put("publishedAt", Instant.parse(node.get("publishedAt").asText()).plus(shift).toString());
    }
    return items;
  }

  static String jsonLines(List<? extends JsonNode> items) throws IOException {
    StringBuilder out = new StringBuilder();
    for (JsonNode item : items) {
      out.append(Json.mapper().writeValueAsString(item)).append('\n');
    }
    return out.toString();
  }
}
