package io.dipwatch.core.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dipwatch.schema.ActorMention;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import io.dipwatch.schema.Span;
import java.time.Instant;

/** The JSON-lines forms of records fixed by DESIGN.md (classify output, replay output, mirrors, API). */
public final class RecordJson {
  private RecordJson() {}

  public static ObjectNode classified(ClassifiedEvent e) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", e.getId());
    n.put("storyId", e.getStoryId());
    n.put("title", e.getTitle());
    n.put("url", e.getUrl());
    n.put("source", e.getSource());
    n.put("publishedAt", e.getPublishedAt().toString());
    n.put("language", e.getLanguage());
    ArrayNode categories = n.putArray("categories");
    for (CategoryScore c : e.getCategories()) {
      ObjectNode cn = categories.addObject();
      cn.put("name", c.getName());
      cn.put("score", Math.round(c.getScore() * 1000) / 1000.0);
      ArrayNode evidence = cn.putArray("evidence");
      for (Span s : c.getEvidence()) {
        evidence.add(span(s));
      }
    }
    ArrayNode actors = n.putArray("actors");
    e.getActors().forEach(actors::add);
    ArrayNode mentions = n.putArray("actorMentions");
    for (ActorMention m : e.getActorMentions()) {
      ObjectNode mn = mentions.addObject();
      mn.put("code", m.getCode());
      mn.setAll(span(m.getSpan()));
    }
    n.put("rulesVersion", e.getRulesVersion());
    return n;
  }

  private static ObjectNode span(Span s) {
    ObjectNode sn = Json.mapper().createObjectNode();
    sn.put("text", s.getText());
    sn.put("field", s.getField());
    sn.put("start", s.getStart());
    sn.put("end", s.getEnd());
    if (s.getRule() != null) {
      sn.put("rule", s.getRule());
    }
    return sn;
  }

  public static ObjectNode escalation(Escalation e) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("key", e.getKey());
    n.put("status", e.getStatus());
    n.put("level", e.getLevel());
    if (e.getPreviousLevel() != null) {
      n.put("previousLevel", e.getPreviousLevel());
    }
    n.put("version", e.getVersion());
    n.put("score", Math.round(e.getScore() * 1000) / 1000.0);
    ArrayNode actors = n.putArray("actors");
    e.getActors().forEach(actors::add);
    ArrayNode categories = n.putArray("categories");
    e.getCategories().forEach(categories::add);
    n.put("windowStart", e.getWindowStart().toString());
    n.put("windowEnd", e.getWindowEnd().toString());
    n.put("stories", e.getStories());
    n.put("sources", e.getSources());
    ArrayNode evidence = n.putArray("evidence");
    for (EvidenceItem item : e.getEvidence()) {
      ObjectNode en = evidence.addObject();
      en.put("id", item.getId());
      en.put("title", item.getTitle());
      en.put("url", item.getUrl());
      en.put("source", item.getSource());
      ArrayNode cats = en.putArray("categories");
      item.getCategories().forEach(cats::add);
    }
    n.put("reason", e.getReason());
    n.put("silenced", e.getSilenced());
    n.put("emittedAt", e.getEmittedAt().toString());
    return n;
  }
}
