package io.dipwatch.app.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's one HTTP port: stage handlers (items, escalations), Prometheus metrics, health, and the live
 * dashboard. The JDK server is enough for this traffic and brings no dependency.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Map<String, String> STATIC = Map.of(
      "/", "web/index.html",
      "/index.html", "web/index.html",
      "/app.js", "web/app.js",
      "/style.css", "web/style.css");

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param handlers context path → handler, e.g. {@code /api/items}
   */
  public WebServer(String host, int port, Map<String, HttpHandler> handlers, PrometheusMeterRegistry metrics,
      LiveFeed live) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 64);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    handlers.forEach(server::createContext);
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext("/healthz", ex -> respond(ex, 200, "application/json",
        "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
    server.createContext("/api/live", live);
    server.createContext("/", WebServer::serveStatic);
    server.start();
    LOG.info("HTTP server on http://{}:{}/", host, port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void serveStatic(HttpExchange ex) throws IOException {
    String resource = STATIC.get(ex.getRequestURI().getPath());
    if (resource == null || !ex.getRequestMethod().equals("GET")) {
      respond(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(resource)) {
      byte[] body = in.readAllBytes();
      String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css" : "text/html";
      ex.getResponseHeaders().add("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:");
      ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
      respond(ex, 200, type + "; charset=utf-8", body);
    }
  }

  static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
