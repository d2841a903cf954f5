package io.dipwatch.ingest.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dipwatch.core.json.Json;
import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.JsonLinesParser;
import io.dipwatch.ingest.parse.LineReader;
import io.dipwatch.ingest.parse.ParseOptions;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/items}: accepts one JSON item object, a JSON array of them, or JSON lines, publishes the good
 * ones and answers {@code 202 {"accepted":n,"duplicates":d,"rejected":m,"rejects":[{"index":i,"error":...,
 * "reason":...}]}} ({@code accepted} counts new and already-known items alike; at most 100 rejects are listed).
 * Each reject is answered to the client (who is there to fix it) and also parked on {@code dipwatch.dlq} with its
 * reason through {@link NewsPublisher#reject}, like every other ingest source, so that operators see bad HTTP input
 * in the same place as bad feed or file input.
 *
 * <p>Limits: a body over {@code maxBodyBytes} gets 413 and is never held beyond the limit (a declared
 * Content-Length over it is refused before anything is parsed; the excess is discarded as it streams in); it is
 * parked once, as a sample of its first bytes, with the reason. A bearer token is checked whenever one is
 * configured, and must be configured when the server listens beyond 127.0.0.1 ({@code requireToken}).
 */
public final class ItemsHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ItemsHttpHandler.class);
  private static final int MAX_LISTED_REJECTS = 100;
  private static final long DRAIN_CAP = 256L * 1024 * 1024;
  /** How much of an oversized body is parked on the dead-letter topic, so that its sender can be recognised. */
  static final int OVERSIZE_SAMPLE_BYTES = 64 * 1024;
  private static final String SOURCE = "http";
  private static final ObjectReader READER = Json.mapper().reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final NewsPublisher publisher;
  private final Optional<byte[]> token;
  private final long maxBodyBytes;
  private final JsonLinesParser parser;
  private final int maxItemBytes;

  /**
   * @param token the bearer token clients must present, if any
   * @param requireToken true when the server is reachable beyond 127.0.0.1: then a token is mandatory
   * @throws IllegalArgumentException if a token is required but none is given
   */
  public ItemsHttpHandler(NewsPublisher publisher, Optional<String> token, boolean requireToken, long maxBodyBytes,
      ParseOptions options) {
    Optional<String> present = token.filter(t -> !t.isBlank());
    if (requireToken && present.isEmpty()) {
      throw new IllegalArgumentException(
          "POST /api/items listens beyond 127.0.0.1 and needs a bearer token; set one in the environment");
    }
    this.publisher = publisher;
    this.token = present.map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.maxBodyBytes = maxBodyBytes;
    this.parser = new JsonLinesParser(options.withSourceType(SOURCE));
    this.maxItemBytes = options.maxItemBytes();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(exchange, 405, "use POST");
        return;
      }
      if (token.isPresent() && !authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dipwatch\"");
        error(exchange, 401, "missing or wrong bearer token");
        return;
      }
      String declared = exchange.getRequestHeaders().getFirst("Content-Length");
      long declaredLength = declared == null ? -1 : parseLong(declared);
      if (declaredLength > maxBodyBytes) {
        byte[] sample = exchange.getRequestBody().readNBytes(sampleLength());
        tooLarge(exchange, sample, "request body of " + declaredLength + " bytes (Content-Length)");
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        tooLarge(exchange, Arrays.copyOf(body, sampleLength()), "request body of more than " + maxBodyBytes
            + " bytes");
        return;
      }
      respond(exchange, 202, ingest(body));
    } catch (RuntimeException e) {
      LOG.error("POST /api/items failed: {}", e.toString());
      error(exchange, 500, "internal error");
    }
  }

  private boolean authorised(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, token.get());
  }

  private ObjectNode ingest(byte[] body) throws IOException {
    Tally tally = new Tally();
    JsonNode whole = wholeDocument(body);
    if (whole instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        tally.index = i;
        JsonNode element = array.get(i);
        parser.parseNode(element, element.toString().getBytes(StandardCharsets.UTF_8), SOURCE + "#" + i, tally);
      }
    } else if (whole != null) {
      tally.index = 0;
      parser.parseNode(whole, body, SOURCE + "#0", tally);
    } else {
      LineReader lines = new LineReader(new ByteArrayInputStream(body), maxItemBytes);
      int index = 0;
      for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.blank()) {
          continue;
        }
        tally.index = index++;
        if (line.oversize()) {
          tally.reject(new Reject(SOURCE + "#" + tally.index, line.bytes(), Reject.OVERSIZE,
              "item of " + line.length() + " bytes exceeds the limit of " + maxItemBytes + " bytes"));
        } else {
          parser.parseDocument(line.bytes(), SOURCE + "#" + tally.index, tally);
        }
      }
    }
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("accepted", tally.accepted);
    answer.put("duplicates", tally.duplicates);
    answer.put("rejected", tally.rejects.size());
    ArrayNode rejects = answer.putArray("rejects");
    for (ObjectNode r : tally.rejects.subList(0, Math.min(MAX_LISTED_REJECTS, tally.rejects.size()))) {
      rejects.add(r);
    }
    return answer;
  }

  /** The body as one JSON document (object or array), or null if it is not one (then it is JSON lines). */
  private static JsonNode wholeDocument(byte[] body) {
    try {
      JsonNode node = READER.readTree(LineReader.decodeStrict(body));
      return node != null && (node.isArray() || node.isObject()) ? node : null;
    } catch (CharacterCodingException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private final class Tally implements ParseSink {
    int index;
    int accepted;
    int duplicates;
    final List<ObjectNode> rejects = new ArrayList<>();

    @Override
    public void item(NewsItem item) {
      accepted++;
      if (publisher.publish(item, SOURCE) == NewsPublisher.Outcome.DUPLICATE) {
        duplicates++;
      }
    }

    @Override
    public void reject(Reject reject) {
      publisher.reject(reject, SOURCE);
      ObjectNode r = Json.mapper().createObjectNode();
      r.put("index", index);
      r.put("error", reject.errorClass());
      r.put("reason", reject.reason());
      rejects.add(r);
    }
  }

  private int sampleLength() {
    return (int) Math.min(OVERSIZE_SAMPLE_BYTES, maxBodyBytes);
  }

  /**
   * Parks the sample of an oversized body once and answers 413. The rest of the body is read and discarded (up to
   * {@link #DRAIN_CAP}, through a small buffer) so that the client, still sending, gets the answer instead of a
   * connection reset; memory use stays flat.
   */
  private void tooLarge(HttpExchange exchange, byte[] sample, String what) throws IOException {
    String reason = what + " exceeds the limit of " + maxBodyBytes + " bytes; the first " + sample.length
        + " bytes are kept";
    publisher.reject(new Reject(SOURCE, sample, Reject.OVERSIZE, reason), SOURCE);
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[16 * 1024];
      long drained = 0;
      for (int n = in.read(buffer); n >= 0 && drained < DRAIN_CAP; n = in.read(buffer)) {
        drained += n;
      }
    } catch (IOException e) {
      LOG.debug("client went away while its oversized body was discarded: {}", e.toString());
    }
    exchange.getResponseHeaders().set("Connection", "close");
    error(exchange, 413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("error", message);
    respond(exchange, status, body);
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
