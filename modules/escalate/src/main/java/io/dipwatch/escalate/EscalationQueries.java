package io.dipwatch.escalate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.core.model.Level;
import io.dipwatch.core.model.Status;
import io.dipwatch.schema.Escalation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Answers "which escalations are active" and "what happened to this key" from escalate's state stores with
 * interactive queries (IQv2), correctly when several instances share the partitions: a key's question goes
 * to the instance that owns its partition (found with {@code queryMetadataForKey}, forwarded over HTTP to its
 * {@code application.server}), and the list gathers every instance's local answer.
 */
public final class EscalationQueries {
  /** Query parameter marking a forwarded request: answer from local stores only, never forward again. */
  public static final String LOCAL_PARAM = "local";
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaStreams streams;
  private final HostInfo self;
  private final HttpClient http;

  /** Which active escalations to list; null fields match everything; {@code minLevel} is inclusive. */
  public record Filter(Level level, Level minLevel, String actor, String category) {
    public static final Filter ALL = new Filter(null, null, null, null);

    /** From query parameters {@code level}, {@code minLevel}, {@code actor}, {@code category}. */
    public static Filter of(Map<String, String> params) {
      return new Filter(level(params.get("level")), level(params.get("minLevel")), blankToNull(params.get("actor")),
          blankToNull(params.get("category")));
    }

    public boolean matches(Escalation e) {
      Level l = Level.valueOf(e.getLevel());
      return (level == null || l == level) && (minLevel == null || l.atLeast(minLevel))
          && (actor == null || e.getActors().contains(actor))
          && (category == null || e.getCategories().contains(category));
    }

    Map<String, String> toParams() {
      Map<String, String> p = new LinkedHashMap<>();
      if (level != null) {
        p.put("level", level.name());
      }
      if (minLevel != null) {
        p.put("minLevel", minLevel.name());
      }
      if (actor != null) {
        p.put("actor", actor);
      }
      if (category != null) {
        p.put("category", category);
      }
      return p;
    }

    private static Level level(String s) {
      if (s == null || s.isBlank()) {
        return null;
      }
      try {
        return Level.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown level '" + s + "' (WATCH, WARNING, CRITICAL)");
      }
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }

  /** The store cannot answer right now (rebalancing, restoring, owner unreachable): try again shortly. */
  public static final class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
      super(message);
    }
  }

  public EscalationQueries(KafkaStreams streams, HostInfo self) {
    this(streams, self, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
  }

  public EscalationQueries(KafkaStreams streams, HostInfo self, HttpClient http) {
    this.streams = streams;
    this.self = self;
    this.http = http;
  }

  public HostInfo self() {
    return self;
  }

  // ---- answers from this instance's stores

  /** This instance's active (not resolved) escalations that match, most severe and highest score first. */
  public List<Escalation> localActive(Filter filter) {
    StateQueryRequest<KeyValueIterator<String, Escalation>> request = StateQueryRequest
        .inStore(EscalateTopology.CURRENT_STORE)
        .withQuery(RangeQuery.<String, Escalation>withNoBounds())
        .requireActive();
    StateQueryResult<KeyValueIterator<String, Escalation>> result = streams.query(request);
    List<Escalation> active = new ArrayList<>();
    for (var entry : result.getPartitionResults().entrySet()) {
      QueryResult<KeyValueIterator<String, Escalation>> partition = entry.getValue();
      if (partition.isFailure()) {
        throw new UnavailableException("partition " + entry.getKey() + ": " + partition.getFailureMessage());
      }
      try (KeyValueIterator<String, Escalation> it = partition.getResult()) {
        while (it.hasNext()) {
          KeyValue<String, Escalation> kv = it.next();
          if (!Status.RESOLVED.name().equals(kv.value.getStatus()) && filter.matches(kv.value)) {
            active.add(kv.value);
          }
        }
      }
    }
    active.sort(SEVERITY);
    return active;
  }

  /** {@link #localActive} as the HTTP API serves it: {@code {"count", "escalations": [...]}}. */
  public ObjectNode localActiveJson(Filter filter) {
    List<Escalation> list = localActive(filter);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("count", list.size());
    ArrayNode array = out.putArray("escalations");
    list.forEach(e -> array.add(RecordJson.escalation(e)));
    return out;
  }

  /** The key's latest lifecycle record, if this instance owns its partition and the key ever fired. */
  public Optional<Escalation> localCurrent(String key) {
    return Optional.ofNullable(localKey(EscalateTopology.CURRENT_STORE, key));
  }

  /** The key's most recent lifecycle records, oldest first (bounded by {@code historyPerKey}). */
  public List<Escalation> localHistory(String key) {
    int partition = owner(key).partition();
    StateQueryRequest<KeyValueIterator<String, Escalation>> request = StateQueryRequest
        .inStore(EscalateTopology.HISTORY_STORE)
        .withQuery(RangeQuery.<String, Escalation>withRange(EscalateTopology.historyKey(key, 0),
            EscalateTopology.historyKey(key, Long.MAX_VALUE)))
        .withPartitions(Set.of(partition))
        .requireActive();
    QueryResult<KeyValueIterator<String, Escalation>> result =
        streams.query(request).getPartitionResults().get(partition);
    if (result == null || result.isFailure()) {
      throw new UnavailableException("history of " + key + " is not available here"
          + (result == null ? "" : ": " + result.getFailureMessage()));
    }
    List<Escalation> history = new ArrayList<>();
    try (KeyValueIterator<String, Escalation> it = result.getResult()) {
      it.forEachRemaining(kv -> history.add(kv.value));
    }
    return history;
  }

  // ---- answers for the whole application, as the HTTP API serves them

  /** Every instance's active escalations that match: {@code {"count", "escalations": [...]}}. */
  public ObjectNode active(Filter filter) {
    List<JsonNode> all = new ArrayList<>();
    localActive(filter).forEach(e -> all.add(RecordJson.escalation(e)));
    for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
      HostInfo host = instance.hostInfo();
      if (host.equals(self) || host.port() < 0) {
        continue;
      }
      Map<String, String> params = filter.toParams();
      params.put(LOCAL_PARAM, "true");
      JsonNode remote = forward(host, EscalationsHttpHandler.PATH + query(params));
      remote.path("escalations").forEach(all::add);
    }
    all.sort(Comparator.comparing((JsonNode n) -> -Level.valueOf(n.path("level").asText()).ordinal())
        .thenComparing(n -> -n.path("score").asDouble())
        .thenComparing(n -> n.path("key").asText()));
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("count", all.size());
    out.putArray("escalations").addAll(all);
    return out;
  }

  /**
   * The key's current record and history, {@code {"key", "current", "history": [...]}}, from whichever
   * instance owns it; empty if the key never fired.
   */
  public Optional<ObjectNode> key(String key) {
    KeyQueryMetadata owner = owner(key);
    if (!owner.activeHost().equals(self)) {
      JsonNode remote = forward(owner.activeHost(),
          EscalationsHttpHandler.PATH + "/" + encode(key) + query(Map.of(LOCAL_PARAM, "true")));
      return remote.isMissingNode() || remote.isNull() ? Optional.empty() : Optional.of((ObjectNode) remote);
    }
    return localKeyJson(key);
  }

  /** As {@link #key} but from this instance only (the forwarded half of a key query). */
  public Optional<ObjectNode> localKeyJson(String key) {
    Optional<Escalation> current = localCurrent(key);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("key", key);
    out.put("servedBy", self.host() + ":" + self.port());
    out.set("current", RecordJson.escalation(current.get()));
    ArrayNode history = out.putArray("history");
    localHistory(key).forEach(e -> history.add(RecordJson.escalation(e)));
    return Optional.of(out);
  }

  private KeyQueryMetadata owner(String key) {
    KeyQueryMetadata metadata =
        streams.queryMetadataForKey(EscalateTopology.CURRENT_STORE, key, Serdes.String().serializer());
    if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost().port() < 0) {
      throw new UnavailableException("no instance owns " + key + " right now (state " + streams.state() + ")");
    }
    return metadata;
  }

  private <V> V localKey(String store, String key) {
    int partition = owner(key).partition();
    StateQueryRequest<V> request = StateQueryRequest.inStore(store)
        .withQuery(KeyQuery.<String, V>withKey(key))
        .withPartitions(Set.of(partition))
        .requireActive();
    QueryResult<V> result = streams.query(request).getPartitionResults().get(partition);
    if (result == null) {
      throw new UnavailableException("partition " + partition + " of " + store + " is not active here");
    }
    if (result.isFailure()) {
      throw new UnavailableException(store + " partition " + partition + ": " + result.getFailureMessage());
    }
    return result.getResult();
  }

  private JsonNode forward(HostInfo host, String pathAndQuery) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET()
        .header("Accept", "application/json").build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      if (response.statusCode() != 200) {
        throw new UnavailableException("instance " + host.host() + ":" + host.port() + " answered "
            + response.statusCode());
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UnavailableException("instance " + host.host() + ":" + host.port() + " unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while asking " + host.host() + ":" + host.port());
    }
  }

  private static String query(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder q = new StringBuilder("?");
    params.forEach((k, v) -> q.append(q.length() > 1 ? "&" : "").append(encode(k)).append('=').append(encode(v)));
    return q.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static final Comparator<Escalation> SEVERITY = Comparator
      .comparing((Escalation e) -> -Level.valueOf(e.getLevel()).ordinal())
      .thenComparing(e -> -e.getScore())
      .thenComparing(Escalation::getKey);
}
