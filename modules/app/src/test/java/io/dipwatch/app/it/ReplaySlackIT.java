package io.dipwatch.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dipwatch.app.Main;
import io.dipwatch.core.json.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --slack-webhook-url} posts every escalation record to Slack and exits only once it has. */
class ReplaySlackIT {
  @TempDir
  Path dir;

  private HttpServer slack;
  private final List<JsonNode> posted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startSlack() throws Exception {
    slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    slack.createContext("/services/T000/B000/XXXX", exchange -> {
      posted.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    slack.start();
  }

  @AfterEach
  void stopSlack() {
    slack.stop(0);
  }

  @Test
  void everyEscalationRecordIsPostedBeforeTheCommandExits() throws Exception {
    Path in = Files.writeString(dir.resolve("items.jsonl"), Scenarios.text("prk-rus.jsonl"));
    Path out = dir.resolve("escalations.jsonl");
    String webhook = "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/XXXX";

    Path config = Files.writeString(dir.resolve("dipwatch.yaml"), """
        deliver:
          slack:
            policy:
              ratePerSecond: 50
        """);

    int exit = Main.commandLine().execute("replay", "--in", in.toString(), "--out", out.toString(),
        "--slack-webhook-url", webhook, "--config", config.toString());

    assertThat(exit).isZero();
    List<String> records = Files.readAllLines(out);
    assertThat(records).isNotEmpty();
    assertThat(posted).hasSameSizeAs(records);
    assertThat(posted).allSatisfy(message -> {
      assertThat(message.get("text").asText()).isNotBlank();
      assertThat(message.get("blocks")).isNotEmpty();
    });
    assertThat(posted.stream().map(m -> m.toString()).filter(m -> m.contains("PRK") && m.contains("CRITICAL")))
        .isNotEmpty();
  }
}
