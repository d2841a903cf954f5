package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.error.DeadLetters;
import io.dipwatch.core.json.Json;
import io.dipwatch.ingest.IngestMetrics;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.parse.ParseOptions;
import io.dipwatch.schema.NewsItem;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ItemsHttpHandlerTest {
  private static final long LIMIT = 1024 * 1024;
  private final TestPublisher t = new TestPublisher();
  private final HttpClient client = HttpClient.newHttpClient();
  private LocalHttpServer server;

  private void serve(Optional<String> token, boolean require) throws Exception {
    serve(token, require, Fixtures.options());
  }

  private void serve(Optional<String> token, boolean require, ParseOptions options) throws Exception {
    server = new LocalHttpServer().route("/api/items",
        new ItemsHttpHandler(t.publisher, token, require, LIMIT, options));
  }

  private double rejectedCount() {
    return t.registry.find(IngestMetrics.REJECTED).tag("source", "http").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/items")))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  @Test
  void acceptsAnObjectAnArrayAndJsonLinesAndCountsDuplicatesAndRejects() throws Exception {
    serve(Optional.empty(), false);
    HttpResponse<String> one = post("{\n  \"title\": \"Single\",\n  \"url\": \"https://example.com/1\"\n}");
    assertThat(one.statusCode()).isEqualTo(202);
    assertThat(json(one).get("accepted").asInt()).isEqualTo(1);

    HttpResponse<String> array = post("[{\"title\":\"A\"},{\"body\":\"B\"},{\"nothing\":1},"
        + "{\"title\":\"Single again\",\"url\":\"https://EXAMPLE.com/1?utm_source=x\"}]");
    JsonNode a = json(array);
    assertThat(a.get("accepted").asInt()).isEqualTo(3);
    assertThat(a.get("duplicates").asInt()).isEqualTo(1);
    assertThat(a.get("rejected").asInt()).isEqualTo(1);
    assertThat(a.get("rejects").get(0).get("index").asInt()).isEqualTo(2);
    assertThat(a.get("rejects").get(0).get("reason").asText()).isEqualTo("item has neither title nor body");

    HttpResponse<String> lines = post("{\"title\":\"L1\"}\n{broken\n{\"title\":\"L3\",\"publishedAt\":\"2025-13-01\"}\n");
    JsonNode l = json(lines);
    assertThat(l.get("accepted").asInt()).isEqualTo(1);
    assertThat(l.get("rejects")).extracting(r -> r.get("index").asInt() + ":" + r.get("error").asText())
        .containsExactly("1:malformed-json", "2:bad-date");

    assertThat(t.items()).extracting(NewsItem::getTitle).containsExactly("Single", "A", "", "L1");
    assertThat(t.items()).allSatisfy(i -> assertThat(i.getSourceType()).isEqualTo("http"));

    assertThat(t.deadLetters()).as("every reject answered to the client is also parked, with its reason")
        .extracting(r -> TestPublisher.header(r, DeadLetters.HEADER_EXCEPTION) + " | "
            + TestPublisher.header(r, DeadLetters.HEADER_MESSAGE) + " | " + new String(r.value(), UTF_8))
        .containsExactly(
            "empty-item | item has neither title nor body | {\"nothing\":1}",
            "malformed-json | " + l.get("rejects").get(0).get("reason").asText() + " | {broken",
            "bad-date | " + l.get("rejects").get(1).get("reason").asText()
                + " | {\"title\":\"L3\",\"publishedAt\":\"2025-13-01\"}");
    assertThat(t.deadLetters()).allSatisfy(r -> {
      assertThat(TestPublisher.header(r, DeadLetters.HEADER_STAGE)).isEqualTo("ingest");
      assertThat(TestPublisher.header(r, DeadLetters.HEADER_ORIGIN)).startsWith("http#");
    });
    assertThat(rejectedCount()).as("counted once per reject").isEqualTo(3);
  }

  @Test
  void parksAnArrayElementThatIsNotAnItemObjectAndAnOversizeLine() throws Exception {
    int maxItem = 1000;
    serve(Optional.empty(), false, Fixtures.options().withMaxItemBytes(maxItem));
    JsonNode array = json(post("[{\"title\":\"kept\"}, 42, \"text\"]"));
    assertThat(array.get("rejects")).extracting(r -> r.get("index").asInt() + ":" + r.get("error").asText())
        .containsExactly("1:malformed-json", "2:malformed-json");
    String huge = "{\"title\":\"" + "x".repeat(maxItem) + "\"}";
    JsonNode lines = json(post("{\"title\":\"first\"}\n" + huge + "\n"));
    assertThat(lines.get("rejects").get(0).get("error").asText()).isEqualTo("oversize");

    assertThat(t.items()).extracting(NewsItem::getTitle).containsExactly("kept", "first");
    assertThat(t.deadLetters()).extracting(r -> TestPublisher.header(r, DeadLetters.HEADER_ORIGIN) + " "
            + TestPublisher.header(r, DeadLetters.HEADER_EXCEPTION) + " "
            + TestPublisher.header(r, DeadLetters.HEADER_MESSAGE))
        .containsExactly("http#1 malformed-json expected a JSON object, got number",
            "http#2 malformed-json expected a JSON object, got string",
            "http#1 oversize item of " + huge.length() + " bytes exceeds the limit of " + maxItem + " bytes");
    assertThat(t.deadLetters().get(2).value()).as("an oversize line is parked as its bounded prefix")
        .hasSizeLessThanOrEqualTo(huge.length());
  }

  @Test
  void refusesA50MegabyteBodyWith413WithoutReadingIt() throws Exception {
    serve(Optional.empty(), false);
    long fifty = 50L * 1024 * 1024;
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/api/items")))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
          long left = fifty;

          @Override
          public int read() {
            return left-- > 0 ? 'a' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'a');
            left -= n;
            return n;
          }
        })).build();
    String outcome;
    try {
      outcome = "HTTP " + client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException e) {
      outcome = "connection closed by the server";
    }
    assertThat(outcome).as("a chunked 50 MB body is refused, either answered 413 or cut off after the limit")
        .isIn("HTTP 413", "connection closed by the server");
    HttpResponse<String> declared = client.send(HttpRequest.newBuilder(URI.create(server.url("/api/items")))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT + 1])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(json(declared).get("error").asText()).contains("exceeds the limit");
    assertThat(t.items()).isEmpty();

    await().atMost(Duration.ofSeconds(10)).until(() -> t.deadLetters().size() == 2);
    assertThat(t.deadLetters()).as("each refused body is parked once, as a truncated sample with its reason")
        .allSatisfy(r -> {
          assertThat(TestPublisher.header(r, DeadLetters.HEADER_EXCEPTION)).isEqualTo("oversize");
          assertThat(TestPublisher.header(r, DeadLetters.HEADER_MESSAGE)).contains("exceeds the limit of " + LIMIT);
          assertThat(r.value()).hasSize(ItemsHttpHandler.OVERSIZE_SAMPLE_BYTES);
        });
    assertThat(TestPublisher.header(t.deadLetters().get(0), DeadLetters.HEADER_MESSAGE))
        .startsWith("request body of more than " + LIMIT + " bytes");
    assertThat(TestPublisher.header(t.deadLetters().get(1), DeadLetters.HEADER_MESSAGE))
        .startsWith("request body of " + (LIMIT + 1) + " bytes (Content-Length)");
    assertThat(t.deadLetters().get(0).value()).containsOnly((byte) 'a');
  }

  @Test
  void requiresTheBearerTokenWhenConfigured() throws Exception {
    serve(Optional.of("s3cret"), true);
    assertThat(post("{\"title\":\"x\"}").statusCode()).isEqualTo(401);
    assertThat(post("{\"title\":\"x\"}", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(post("{\"title\":\"x\"}", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(202);
    assertThat(client.send(HttpRequest.newBuilder(URI.create(server.url("/api/items"))).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void refusesToStartBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(() -> new ItemsHttpHandler(t.publisher, Optional.empty(), true, LIMIT, Fixtures.options()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
  }
}
