package io.dipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.testkit.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command-line contract of DESIGN.md: help everywhere, one-line reasons and non-zero exits on error. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "run", "classify", "eval", "replay", "bench", "rules", "rules publish", "silence",
      "silence add", "silence list", "silence remove"})
  void everyCommandHasHelp(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    Run run = run(args.toArray(String[]::new));
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Usage:").contains("--help");
  }

  @Test
  void versionIsPrinted() {
    Run run = run("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("dipwatch ");
  }

  @Test
  void unknownOptionExitsNonZeroWithOneLine() {
    Run run = run("classify", "--in", "x.jsonl", "--nope");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--nope");
  }

  @Test
  void missingInputExitsNonZeroWithOneLineReason() {
    Run run = run("classify", "--in", dir.resolve("absent.jsonl").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("absent.jsonl");
  }

  @Test
  void unknownFormatIsRefusedWithTheKnownOnes() throws Exception {
    Path in = Files.writeString(dir.resolve("x.txt"), "x");
    Run run = run("classify", "--in", in.toString(), "--format", "csv");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("unknown format 'csv'").contains("gdelt-events");
  }

  @Test
  void seedArticleGetsAllFourCategoriesAndItsActors() throws Exception {
    Path in = dir.resolve("seed.jsonl");
    var item = Json.mapper().createObjectNode()
        .put("id", "seed").put("title", Fixtures.SEED_TITLE).put("body", Fixtures.seedArticle())
        .put("url", "https://example.org/seed").put("source", "example.org")
        .put("publishedAt", "2022-09-01T10:00:00Z").put("language", "en");
    Files.writeString(in, Json.mapper().writeValueAsString(item) + "\n");
    Path out = dir.resolve("out.jsonl");

    Run run = run("classify", "--in", in.toString(), "--out", out.toString());

    assertThat(run.exit()).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    JsonNode classified = Json.mapper().readTree(lines.get(0));
    List<String> categories = new ArrayList<>();
    classified.get("categories").forEach(c -> {
      categories.add(c.get("name").asText());
      assertThat(c.get("evidence")).as("evidence for %s", c.get("name")).isNotEmpty();
    });
    assertThat(categories).containsExactlyInAnyOrder("SANCTIONS", "RECOGNITION", "LABOUR_MIGRATION",
        "WEAPONS_DEVELOPMENT");
    List<String> actors = new ArrayList<>();
    classified.get("actors").forEach(a -> actors.add(a.asText()));
    assertThat(actors).contains("PRK", "RUS", "UA-14", "UA-09", "SYR", "UNSC", "USA", "CHN");
  }

  @Test
  void evalPrintsTheTwoClosingLines() throws Exception {
    Path gold = dir.resolve("gold.jsonl");
    Files.writeString(gold, """
        {"id":"g1","title":"EU imposes new sanctions on Iranian drone makers","body":"The European Union froze assets of firms supplying drones.","source":"a","publishedAt":"2025-01-01T00:00:00Z","labels":["SANCTIONS"],"actors":["EU","IRN"]}
        {"id":"g2","title":"Local bakery wins regional award","body":"The bakery in the town centre was recognised for its bread.","source":"b","publishedAt":"2025-01-02T00:00:00Z","labels":[],"actors":[]}
        """);
    Run run = run("eval", "--gold", gold.toString());
    assertThat(run.exit()).isZero();
    List<String> lines = run.out().strip().lines().toList();
    assertThat(lines.get(lines.size() - 2)).matches("macro-F1: [01]\\.\\d{3}");
    assertThat(lines.get(lines.size() - 1)).matches("actor-F1: [01]\\.\\d{3}");
  }
}
