package io.dipwatch.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.app.cli.RunCommand;
import io.dipwatch.broker.EmbeddedKafka;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.topic.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./dipwatch run} as a user meets it: embedded broker, items posted over HTTP, escalations answered by the
 * query API, metrics and dashboard served; stopped and started again on the same data, it still has them.
 */
class RunCommandIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private record Running(RunCommand command, CompletableFuture<Integer> exit, String base) {
    void stop() throws Exception {
      command.stop();
      assertThat(exit.get()).isZero();
    }
  }

  private Running start(int port) {
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs("--data-dir", dir.resolve("data").toString(), "--http-port",
        Integer.toString(port));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return command.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    String base = "http://127.0.0.1:" + port;
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (exit.isDone()) {
        exit.join();
      }
      try {
        return get(base + "/healthz").statusCode() == 200;
      } catch (java.io.IOException notYet) {
        return false;
      }
    });
    return new Running(command, exit, base);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode post(String url, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Json.mapper().readTree(response.body());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private long recordsOn(String topic) {
    String servers = EmbeddedKafka.runningOn(dir.resolve("data").resolve("kafka")).orElseThrow();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void runsServesAndKeepsItsDataAcrossARestart() throws Exception {
    String items = Scenarios.jsonLines(Scenarios.shifted("prk-rus.jsonl", Instant.now().minus(Duration.ofHours(1))));
    int port = freePort();
    String key = URLEncoder.encode("PRK|RUS", StandardCharsets.UTF_8);

    Running first = start(port);
    JsonNode answer = post(first.base() + "/api/items", items);
    assertThat(answer.get("accepted").asInt()).isEqualTo(7);
    assertThat(answer.get("rejected").asInt()).isZero();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      HttpResponse<String> response = get(first.base() + "/api/escalations/" + key);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("CRITICAL");
    });
    assertThat(get(first.base() + "/api/escalations?level=CRITICAL").body()).contains("PRK|RUS");
    assertThat(get(first.base() + "/metrics").body()).contains("dipwatch_ingest_items_published");
    assertThat(get(first.base() + "/").body()).contains("dipwatch");
    long published = recordsOn(new Topics().newsRaw.name());
    first.stop();

    Running second = start(port);
    HttpResponse<String> afterRestart = get(second.base() + "/api/escalations/" + key);
    assertThat(afterRestart.statusCode()).isEqualTo(200);
    assertThat(afterRestart.body()).contains("CRITICAL");
    post(second.base() + "/api/items", items);
    assertThat(recordsOn(new Topics().newsRaw.name())).as("re-posted items are not published twice")
        .isEqualTo(published);
    second.stop();
  }
}
