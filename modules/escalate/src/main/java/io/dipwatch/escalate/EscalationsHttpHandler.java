package io.dipwatch.escalate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dipwatch.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/escalations[?level=&minLevel=&actor=&category=]} (active escalations of every instance) and
 * {@code GET /api/escalations/{key}} (current record and history, from the owning instance), as JSON.
 * Mount it on the app's server with {@code server.createContext(EscalationsHttpHandler.PATH, handler)}.
 */
public final class EscalationsHttpHandler implements HttpHandler {
  public static final String PATH = "/api/escalations";
  private static final Logger LOG = LoggerFactory.getLogger(EscalationsHttpHandler.class);

  private final EscalationQueries queries;

  public EscalationsHttpHandler(EscalationQueries queries) {
    this.queries = queries;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "GET");
        send(exchange, 405, error("only GET"));
        return;
      }
      String rawPath = exchange.getRequestURI().getRawPath();
      String rest = rawPath.length() > PATH.length() ? rawPath.substring(PATH.length()) : "";
      Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
      boolean local = "true".equals(params.get(EscalationQueries.LOCAL_PARAM));
      try {
        if (rest.isEmpty() || rest.equals("/")) {
          EscalationQueries.Filter filter = EscalationQueries.Filter.of(params);
          send(exchange, 200, local ? queries.localActiveJson(filter) : queries.active(filter));
          return;
        }
        String key = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        if (key.isBlank() || key.contains("/")) {
          send(exchange, 404, error("no such resource"));
          return;
        }
        Optional<ObjectNode> answer = local ? queries.localKeyJson(key) : queries.key(key);
        if (answer.isPresent()) {
          send(exchange, 200, answer.get());
        } else {
          send(exchange, 404, error("no escalation for " + key));
        }
      } catch (IllegalArgumentException e) {
        send(exchange, 400, error(e.getMessage()));
      } catch (EscalationQueries.UnavailableException e) {
        exchange.getResponseHeaders().add("Retry-After", "1");
        send(exchange, 503, error(e.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("escalations query {} failed", rawPath, e);
        send(exchange, 500, error("internal error"));
      }
    }
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }

  private static ObjectNode error(String message) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("error", message);
    return n;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
