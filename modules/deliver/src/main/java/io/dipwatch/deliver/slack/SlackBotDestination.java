package io.dipwatch.deliver.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.deliver.DeliveryConfig.SendPolicy;
import io.dipwatch.deliver.DeliveryFailure;
import io.dipwatch.deliver.DeliveryState;
import io.dipwatch.deliver.Destination;
import io.dipwatch.deliver.Guard;
import io.dipwatch.schema.Escalation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel reached through the Slack Web API with a bot token, one thread per escalation: FIRING starts a
 * thread, UPDATED and RESOLVED reply in it (a level-up FIRING replies and is broadcast to the channel), and
 * every reply is followed by {@code chat.update} so the parent always shows the current status. A record
 * for a key without an open thread (first seen mid-life, or after RESOLVED) starts a new thread.
 */
public final class SlackBotDestination implements Destination {
  private static final Logger LOG = LoggerFactory.getLogger(SlackBotDestination.class);
  /** Slack {@code ok:false} errors worth retrying; every other error code is permanent. */
  private static final Set<String> TEMPORARY_ERRORS =
      Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited");

  private final String id;
  private final String channel;
  private final String token;
  private final URI postMessage;
  private final URI update;
  private final SendPolicy policy;
  private final SlackMessages messages;

  public SlackBotDestination(String channel, String botToken, String apiBaseUrl, SendPolicy policy,
      SlackMessages messages) {
    String base = apiBaseUrl.endsWith("/") ? apiBaseUrl : apiBaseUrl + "/";
    this.id = "slack:" + channel;
    this.channel = channel;
    this.token = botToken;
    this.postMessage = URI.create(base + "chat.postMessage");
    this.update = URI.create(base + "chat.update");
    this.policy = policy;
    this.messages = messages;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public SendPolicy policy() {
    return policy;
  }

  @Override
  public DeliveryState deliver(Escalation escalation, DeliveryState previous, Guard guard)
      throws DeliveryFailure, InterruptedException {
    ObjectNode message = messages.message(escalation);
    boolean resolved = escalation.getStatus().equals("RESOLVED");
    if (previous == null || !previous.hasOpenThread()) {
      ObjectNode post = message.deepCopy().put("channel", channel).put("unfurl_links", false)
          .put("unfurl_media", false);
      JsonNode answer = call(guard, postMessage, post);
      return new DeliveryState(id, escalation.getKey(), escalation.getVersion(), answer.path("channel").asText(channel),
          answer.path("ts").asText(), resolved);
    }
    ObjectNode reply = message.deepCopy().put("channel", previous.channel()).put("thread_ts", previous.threadTs())
        .put("reply_broadcast", escalation.getStatus().equals("FIRING")).put("unfurl_links", false)
        .put("unfurl_media", false);
    call(guard, postMessage, reply);
    ObjectNode parent = message.deepCopy().put("channel", previous.channel()).put("ts", previous.threadTs());
    try {
      call(guard, update, parent);
    } catch (DeliveryFailure f) {
      // The reply is in the thread; a stale status line is not worth re-posting it.
      LOG.warn("{}: could not refresh the thread parent of {}: {}", id, escalation.getKey(), f.getMessage());
    }
    return new DeliveryState(id, escalation.getKey(), escalation.getVersion(), previous.channel(),
        previous.threadTs(), resolved);
  }

  private JsonNode call(Guard guard, URI method, ObjectNode body) throws DeliveryFailure, InterruptedException {
    String json = body.toString();
    HttpResponse<String> response = guard.send(() -> Guard.request(policy).uri(method)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build(), SlackBotDestination::checkOk);
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw DeliveryFailure.permanent(response.statusCode(), "unreadable Slack answer").at(id);
    }
  }

  /** Slack's Web API reports errors as HTTP 200 with {@code {"ok":false,"error":"…"}}. */
  static void checkOk(HttpResponse<String> response) throws DeliveryFailure {
    JsonNode json;
    try {
      json = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw DeliveryFailure.temporary(response.statusCode(), "unreadable Slack answer", e);
    }
    if (json != null && json.path("ok").asBoolean(false)) {
      return;
    }
    String error = json == null ? "empty answer" : json.path("error").asText("ok:false");
    if (error.equals("ratelimited")) {
      throw DeliveryFailure.rateLimited(Duration.ofSeconds(1), response.statusCode(), error);
    }
    if (TEMPORARY_ERRORS.contains(error)) {
      throw DeliveryFailure.temporary(response.statusCode(), error, null);
    }
    throw DeliveryFailure.permanent(response.statusCode(), error);
  }

  @Override
  public String toString() {
    return id;
  }
}
