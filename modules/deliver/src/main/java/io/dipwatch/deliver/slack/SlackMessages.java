package io.dipwatch.deliver.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.core.json.Json;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the Block Kit message for an escalation: header with level and actors, status line, fields,
 * top evidence links, context line with key and version, dashboard button, and the plain {@code text}
 * fallback that notifications and screen readers use. Every news string is escaped; every Slack limit
 * (header 150, section 3,000, field 2,000, 10 fields, 50 blocks, whole message {@value #MESSAGE_BUDGET}) is
 * met by cutting evidence and text, never by failing.
 */
public final class SlackMessages {
  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int TEXT_MAX = 600;
  static final int TITLE_MAX = 200;
  /** Lists (actors, categories) and the reason are context, not the message: keep them short. */
  static final int LIST_MAX = 700;
  static final int REASON_MAX = 500;
  /** Slack truncates or rejects around 40,000 chars of text and 50 blocks; stay well below both. */
  public static final int MESSAGE_BUDGET = 8000;
  private static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final String dashboardUrl;
  private final int maxEvidenceLinks;

  public SlackMessages(String dashboardUrl, int maxEvidenceLinks) {
    this.dashboardUrl = dashboardUrl.endsWith("/") ? dashboardUrl : dashboardUrl + "/";
    this.maxEvidenceLinks = Math.max(0, maxEvidenceLinks);
  }

  /** The message for an escalation: {@code text} and {@code blocks}, ready for a webhook or chat.postMessage. */
  public ObjectNode message(Escalation e) {
    for (int links = maxEvidenceLinks; ; links = links / 2) {
      ObjectNode message = build(e, links);
      if (message.toString().length() <= MESSAGE_BUDGET || links == 0) {
        return message;
      }
    }
  }

  /** The dashboard page of a cluster key. */
  public String dashboardLink(String key) {
    return dashboardUrl + "#/escalations/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private ObjectNode build(Escalation e, int links) {
    ObjectNode message = Json.mapper().createObjectNode();
    message.put("text", fallback(e));
    ArrayNode blocks = message.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("emoji", true)
        .put("text", Mrkdwn.truncate(headline(e), HEADER_MAX));

    section(blocks, Mrkdwn.truncate(statusLine(e), SECTION_MAX));

    ObjectNode fields = blocks.addObject().put("type", "section");
    ArrayNode fieldList = fields.putArray("fields");
    field(fieldList, "Actors", Mrkdwn.truncate(e.getActors().stream().distinct()
        .map(a -> Mrkdwn.escape(ActorNames.display(a)) + " (`" + Mrkdwn.escape(a) + "`)")
        .collect(Collectors.joining(", ")), LIST_MAX));
    field(fieldList, "Categories", Mrkdwn.truncate(Mrkdwn.escape(String.join(", ", e.getCategories())), LIST_MAX));
    field(fieldList, "Stories", Integer.toString(e.getStories()));
    field(fieldList, "Sources", Integer.toString(e.getSources()));
    field(fieldList, "Window", WINDOW_TIME.format(e.getWindowStart()) + " → "
        + WINDOW_TIME.format(e.getWindowEnd()) + " UTC");
    field(fieldList, "Score", String.format(java.util.Locale.ROOT, "%.2f", e.getScore()));

    if (links > 0 && !e.getEvidence().isEmpty()) {
      section(blocks, evidence(e.getEvidence(), links));
    }

    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", Mrkdwn.truncate(
        "key `" + Mrkdwn.escape(e.getKey()) + "` · version " + e.getVersion() + " · decided "
            + e.getEmittedAt() + " (event time)", SECTION_MAX));

    ObjectNode actions = blocks.addObject().put("type", "actions");
    ObjectNode button = actions.putArray("elements").addObject().put("type", "button")
        .put("action_id", "open-dashboard").put("url", dashboardLink(e.getKey()));
    button.putObject("text").put("type", "plain_text").put("text", "Open in dashboard");
    return message;
  }

  /** "🔴 CRITICAL · 🇰🇵 North Korea × 🇷🇺 Russia" — plain text, so no escaping and no markup. */
  static String headline(Escalation e) {
    String actors = e.getActors().stream().distinct().map(ActorNames::display).collect(Collectors.joining(" × "));
    String level = e.getStatus().equals("RESOLVED") ? "✅ RESOLVED (was " + e.getLevel() + ")"
        : emoji(e.getLevel()) + " " + e.getLevel();
    return level + " · " + (actors.isEmpty() ? e.getKey() : actors);
  }

  private static String emoji(String level) {
    return switch (level) {
      case "CRITICAL" -> "🔴";
      case "WARNING" -> "🟠";
      default -> "🟡";
    };
  }

  private static String statusLine(Escalation e) {
    StringBuilder line = new StringBuilder("*").append(Mrkdwn.escape(e.getStatus())).append("*");
    if (e.getPreviousLevel() != null && !e.getPreviousLevel().equals(e.getLevel())) {
      line.append(" · level ").append(Mrkdwn.escape(e.getPreviousLevel())).append(" → ")
          .append(Mrkdwn.escape(e.getLevel()));
    } else {
      line.append(" · level ").append(Mrkdwn.escape(e.getLevel()));
    }
    if (!e.getReason().isBlank()) {
      line.append("\n_").append(Mrkdwn.escape(Mrkdwn.truncate(e.getReason(), REASON_MAX))).append("_");
    }
    return line.toString();
  }

  private static String evidence(List<EvidenceItem> items, int links) {
    StringBuilder text = new StringBuilder("*Evidence*");
    int shown = 0;
    for (EvidenceItem item : items) {
      if (shown == links) {
        break;
      }
      String line = "\n• " + Mrkdwn.link(item.getUrl(), item.getTitle(), TITLE_MAX) + " — "
          + Mrkdwn.escape(Mrkdwn.truncate(item.getSource(), 100))
          + (item.getCategories().isEmpty() ? "" : " · " + Mrkdwn.escape(String.join(", ", item.getCategories())));
      int remainingNote = 40;
      if (text.length() + line.length() + remainingNote > SECTION_MAX) {
        break;
      }
      text.append(line);
      shown++;
    }
    if (shown < items.size()) {
      text.append("\n…and ").append(items.size() - shown).append(" more in the dashboard");
    }
    return text.toString();
  }

  private static String fallback(Escalation e) {
    String text = e.getStatus() + " " + e.getLevel() + ": "
        + e.getActors().stream().distinct().limit(10).map(ActorNames::display).collect(Collectors.joining(" × "))
        + (e.getReason().isBlank() ? "" : " — " + Mrkdwn.truncate(e.getReason(), REASON_MAX))
        + " (" + e.getKey() + " v" + e.getVersion() + ")";
    return Mrkdwn.truncate(Mrkdwn.escape(text), TEXT_MAX);
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
  }

  private static void field(ArrayNode fields, String label, String value) {
    fields.addObject().put("type", "mrkdwn")
        .put("text", Mrkdwn.truncate("*" + label + "*\n" + (value.isEmpty() ? "–" : value), FIELD_MAX));
  }
}
