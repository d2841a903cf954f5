package io.dipwatch.deliver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that answers like Slack: incoming webhooks ({@code /services/...}) reply
 * {@code ok}; the Web API ({@code /api/chat.postMessage}, {@code /api/chat.update}) replies with JSON. Tests
 * script other answers (429 with Retry-After, 400 invalid_payload, 404 channel_not_found, 500, ok:false,
 * a hang) per path and read every request back with its arrival time.
 */
public final class FakeSlack implements AutoCloseable {
  /** One request as received, with the status and body it was answered with (status 0: no answer). */
  public record Request(String method, String path, Headers headers, String body, long arrivedNanos, int status,
      String answer) {
    public boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  public record Answer(int status, String body, Map<String, String> headers, boolean hang) {
    public static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), false);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Deque<Answer>> scripted = new HashMap<>();
  private final AtomicInteger ts = new AtomicInteger(100);
  private final CountDownLatch released = new CountDownLatch(1);

  public FakeSlack() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String webhookUrl(String name) {
    return baseUrl() + "/services/T000/B000/" + name;
  }

  public String apiBaseUrl() {
    return baseUrl() + "/api/";
  }

  /** The next request to {@code path} gets this answer instead of the default. */
  public synchronized FakeSlack then(String path, Answer answer) {
    scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
    return this;
  }

  public FakeSlack thenStatus(String path, int status, String body) {
    return then(path, Answer.of(status, body));
  }

  public FakeSlack thenRateLimited(String path, int retryAfterSeconds) {
    return then(path, new Answer(429, "{\"ok\":false,\"error\":\"rate_limited\"}",
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)), false));
  }

  /** The next request to {@code path} gets no answer until the server closes (a timeout for the client). */
  public FakeSlack thenHang(String path) {
    return then(path, new Answer(0, "", Map.of(), true));
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    Answer answer;
    synchronized (this) {
      long arrived = System.nanoTime();
      Deque<Answer> queue = scripted.get(path);
      answer = queue == null || queue.isEmpty() ? defaultAnswer(path) : queue.poll();
      requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body, arrived,
          answer.status(), answer.body()));
    }
    if (answer.hang()) {
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type",
        answer.body().startsWith("{") ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Answer defaultAnswer(String path) {
    if (path.equals("/api/chat.postMessage")) {
      return Answer.of(200, "{\"ok\":true,\"channel\":\"C0DUTY\",\"ts\":\"1767000000.000" + ts.incrementAndGet()
          + "\"}");
    }
    if (path.equals("/api/chat.update")) {
      return Answer.of(200, "{\"ok\":true,\"channel\":\"C0DUTY\",\"ts\":\"1767000000.000100\"}");
    }
    return Answer.of(200, "ok");
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
