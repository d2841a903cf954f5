package io.dipwatch.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.app.Main;
import io.dipwatch.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./dipwatch replay} end to end: a real embedded broker, every stage, every escalation record. */
class ReplayIT {
  @TempDir
  Path dir;

  private List<JsonNode> replay(String scenario) throws Exception {
    Path in = Files.writeString(dir.resolve(scenario), Scenarios.text(scenario));
    Path out = dir.resolve(scenario + ".escalations.jsonl");
    int exit = Main.commandLine().execute("replay", "--in", in.toString(), "--out", out.toString());
    assertThat(exit).isZero();
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      records.add(Json.mapper().readTree(line));
    }
    return records;
  }

  @Test
  void reportsLikeTheSeedArticleFromSeveralOutletsEscalateAndResolve() throws Exception {
    List<JsonNode> records = replay("prk-rus.jsonl");

    List<JsonNode> prkRus = records.stream().filter(r -> r.get("key").asText().equals("PRK|RUS")).toList();
    assertThat(prkRus).isNotEmpty();
    assertThat(prkRus.get(0).get("status").asText()).isEqualTo("FIRING");
    assertThat(prkRus).extracting(r -> r.get("level").asText()).contains("CRITICAL");
    for (int i = 0; i < prkRus.size(); i++) {
      assertThat(prkRus.get(i).get("version").asLong()).as("versions count up by one").isEqualTo(i + 1);
    }
    JsonNode last = prkRus.get(prkRus.size() - 1);
    assertThat(last.get("status").asText()).isEqualTo("RESOLVED");
    JsonNode critical = prkRus.stream().filter(r -> r.get("level").asText().equals("CRITICAL")).findFirst().orElseThrow();
    assertThat(critical.get("categories")).hasSize(4);
    assertThat(critical.get("sources").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(critical.get("evidence")).isNotEmpty();
    assertThat(critical.get("reason").asText()).contains("4 categories");

    records.stream().map(r -> r.get("key").asText()).distinct().forEach(key -> {
      List<JsonNode> ofKey = records.stream().filter(r -> r.get("key").asText().equals(key)).toList();
      assertThat(ofKey.get(ofKey.size() - 1).get("status").asText()).as("%s ends resolved", key).isEqualTo("RESOLVED");
    });
  }

  @Test
  void unrelatedNewsDoesNotEscalate() throws Exception {
    assertThat(replay("unrelated.jsonl")).isEmpty();
  }
}
