package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.schema.NewsItem;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ItemsHttpHandlerTest {
  private static final long LIMIT = 1024 * 1024;
  private final TestPublisher t = new TestPublisher();
  private final HttpClient client = HttpClient.newHttpClient();
  private LocalHttpServer server;

  private void serve(Optional<String> token, boolean require) throws Exception {
    server = new LocalHttpServer().route("/api/items",
        new ItemsHttpHandler(t.publisher, token, require, LIMIT, Fixtures.options()));
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
