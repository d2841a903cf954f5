package io.dipwatch.escalate;

import io.dipwatch.schema.ActorMention;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds classified events for the scenarios. */
final class Events {
  private Events() {}

  static ClassifiedEvent event(String id, String storyId, String source, Instant at, List<String> categories,
      String... actors) {
    List<CategoryScore> scores = new ArrayList<>();
    for (String c : categories) {
      scores.add(CategoryScore.newBuilder().setName(c).setScore(0.9)
          .setEvidence(List.of(Span.newBuilder().setText(c.toLowerCase()).setStart(0).setEnd(3).build())).build());
    }
    List<ActorMention> mentions = new ArrayList<>();
    for (String a : actors) {
      mentions.add(ActorMention.newBuilder().setCode(a)
          .setSpan(Span.newBuilder().setText(a).setStart(0).setEnd(a.length()).build()).build());
    }
    return ClassifiedEvent.newBuilder()
        .setId(id)
        .setStoryId(storyId)
        .setTitle("Title of " + storyId)
        .setUrl("https://" + source + "/" + id)
        .setSource(source)
        .setPublishedAt(at)
        .setClassifiedAt(at)
        .setCategories(scores)
        .setActors(List.of(actors).stream().sorted().toList())
        .setActorMentions(mentions)
        .build();
  }
}
