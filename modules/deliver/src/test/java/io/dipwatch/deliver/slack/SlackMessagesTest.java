package io.dipwatch.deliver.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.deliver.TestEscalations;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {
  private final SlackMessages messages = new SlackMessages("http://127.0.0.1:8080/", 5);

  @Test
  void messageCarriesLevelActorsFieldsEvidenceContextButtonAndFallback() {
    Escalation e = TestEscalations.builder("PRK|RUS", "FIRING", "WARNING", 3).setPreviousLevel("WATCH").build();
    ObjectNode message = messages.message(e);

    assertThat(message.path("text").asText()).contains("FIRING WARNING").contains("North Korea").contains("PRK|RUS v3");
    JsonNode blocks = message.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .isEqualTo("🟠 WARNING · 🇰🇵 North Korea × 🇷🇺 Russia");
    assertThat(blocks.get(1).path("text").path("text").asText())
        .startsWith("*FIRING* · level WATCH → WARNING").contains("3 categories, 4 stories");
    List<String> fields = new ArrayList<>();
    blocks.get(2).path("fields").forEach(f -> fields.add(f.path("text").asText()));
    assertThat(fields).contains("*Categories*\nLABOUR_MIGRATION, SANCTIONS, WEAPONS_DEVELOPMENT", "*Stories*\n4",
        "*Sources*\n3", "*Window*\n2026-03-01 12:00 → 2026-03-08 12:00 UTC");
    assertThat(blocks.get(3).path("text").path("text").asText())
        .contains("<https://example.org/a?x=1&amp;y=2|North Korean workers sent to Donbas> — Reuters");
    assertThat(blocks.get(4).path("elements").get(0).path("text").asText()).contains("`PRK|RUS`").contains("version 3");
    assertThat(blocks.get(5).path("elements").get(0).path("url").asText())
        .isEqualTo("http://127.0.0.1:8080/#/escalations/PRK%7CRUS");
  }

  @Test
  void resolvedHeaderSaysSo() {
    ObjectNode message = messages.message(TestEscalations.escalation("PRK|RUS", "RESOLVED", "CRITICAL", 9));
    assertThat(message.at("/blocks/0/text/text").asText()).startsWith("✅ RESOLVED (was CRITICAL)");
  }

  @Test
  void headlinesCannotPingOrSmuggleLinks() {
    Escalation e = TestEscalations.builder("PRK|RUS", "FIRING", "CRITICAL", 1)
        .setEvidence(List.of(
            TestEscalations.evidence("x1", "Breaking <!channel> see <https://evil.example|bank login>",
                "https://example.org/story", "Wire <!here>"),
            TestEscalations.evidence("x2", "Click", "https://evil.example/|<!channel>", "Wire"),
            TestEscalations.evidence("x3", "Script", "javascript:alert(1)", "Wire")))
        .setReason("<!everyone> & friends")
        .build();
    String json = messages.message(e).toString();

    assertThat(json).doesNotContain("<!channel>", "<!here>", "<!everyone>", "<https://evil.example|");
    assertThat(json).contains("Breaking &lt;!channel&gt; see &lt;https://evil.example|bank login&gt;");
    assertThat(json).contains("&lt;!everyone&gt; &amp; friends");
    // Every '<' left in any mrkdwn text opens a link to a vetted http(s) URL built by us.
    Matcher links = Pattern.compile("<([^>]*)>").matcher(messages.message(e).at("/blocks/3/text/text").asText());
    List<String> targets = new ArrayList<>();
    while (links.find()) {
      targets.add(links.group(1));
    }
    assertThat(targets).containsExactly("https://example.org/story|Breaking &lt;!channel&gt; see "
        + "&lt;https://evil.example|bank login&gt;");
  }

  @Test
  void hugeEscalationsStayWithinSlackLimits() {
    List<EvidenceItem> evidence = IntStream.range(0, 5000).mapToObj(i -> TestEscalations.evidence("n" + i,
        "Very long headline number " + i + " ".repeat(3) + "&<>".repeat(300),
        "https://example.org/" + "p".repeat(900) + "?i=" + i, "Source " + "s".repeat(300))).toList();
    List<String> actors = IntStream.range(0, 400).mapToObj(i -> i % 2 == 0 ? "PRK" : "UA-14").toList();
    Escalation e = TestEscalations.builder("PRK|RUS", "UPDATED", "CRITICAL", 12)
        .setEvidence(evidence)
        .setActors(actors)
        .setCategories(IntStream.range(0, 500).mapToObj(i -> "CATEGORY_" + i).toList())
        .setReason("r".repeat(20_000))
        .build();

    for (int links : new int[] {5, 50, 500}) {
      ObjectNode message = new SlackMessages("http://127.0.0.1:8080/", links).message(e);
      assertWithinLimits(message);
      assertThat(message.at("/blocks/3/text/text").asText()).contains("more in the dashboard");
    }
  }

  private static void assertWithinLimits(ObjectNode message) {
    assertThat(message.toString().length()).isLessThanOrEqualTo(SlackMessages.MESSAGE_BUDGET);
    assertThat(message.path("text").asText()).isNotBlank();
    JsonNode blocks = message.path("blocks");
    assertThat(blocks.size()).isLessThanOrEqualTo(50);
    for (JsonNode block : blocks) {
      switch (block.path("type").asText()) {
        case "header" -> assertThat(block.at("/text/text").asText().length()).isLessThanOrEqualTo(150);
        case "section" -> {
          assertThat(block.at("/text/text").asText().length()).isLessThanOrEqualTo(3000);
          assertThat(block.path("fields").size()).isLessThanOrEqualTo(10);
          block.path("fields").forEach(f -> assertThat(f.path("text").asText().length()).isLessThanOrEqualTo(2000));
        }
        default -> { }
      }
    }
  }
}
