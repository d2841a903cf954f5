package io.dipwatch.escalate;

import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.EvidenceItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a cluster's window holds: independent stories (syndicated copies of one story count once), distinct
 * sources, the categories seen, the span of event time, and the stories that best explain the alert.
 */
record WindowSummary(int stories, int sources, SortedSet<String> categories, long firstAt, long lastAt,
    List<StoryGroup> ranked) {

  /** All copies of one story in the window. */
  record StoryGroup(String storyId, Copy first, SortedSet<String> categories, SortedSet<String> sources, long lastAt) {}

  static WindowSummary of(List<Copy> copies) {
    Map<String, List<Copy>> byStory = new LinkedHashMap<>();
    SortedSet<String> sources = new TreeSet<>();
    SortedSet<String> categories = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Copy c : copies) {
      byStory.computeIfAbsent(c.storyId(), k -> new ArrayList<>()).add(c);
      sources.add(c.source());
      categories.addAll(c.categories());
      first = Math.min(first, c.at());
      last = Math.max(last, c.at());
    }
    List<StoryGroup> groups = new ArrayList<>();
    for (var entry : byStory.entrySet()) {
      List<Copy> group = entry.getValue();
      Copy earliest = group.stream().min(Comparator.comparingLong(Copy::at)).orElseThrow();
      SortedSet<String> storyCategories = new TreeSet<>();
      SortedSet<String> storySources = new TreeSet<>();
      long storyLast = Long.MIN_VALUE;
      for (Copy c : group) {
        storyCategories.addAll(c.categories());
        storySources.add(c.source());
        storyLast = Math.max(storyLast, c.at());
      }
      groups.add(new StoryGroup(entry.getKey(), earliest, storyCategories, storySources, storyLast));
    }
    groups.sort(Comparator.comparingInt((StoryGroup g) -> -g.categories().size())
        .thenComparingInt(g -> -g.sources().size())
        .thenComparingLong(g -> -g.lastAt())
        .thenComparing(StoryGroup::storyId));
    return new WindowSummary(byStory.size(), sources.size(), categories, copies.isEmpty() ? 0 : first,
        copies.isEmpty() ? 0 : last, groups);
  }

  boolean isEmpty() {
    return stories == 0;
  }

  List<EvidenceItem> evidence(int max) {
    List<EvidenceItem> items = new ArrayList<>();
    for (StoryGroup g : ranked.subList(0, Math.min(max, ranked.size()))) {
      Copy c = g.first();
      items.add(EvidenceItem.newBuilder()
          .setId(c.itemId())
          .setTitle(c.title() == null ? "" : c.title())
          .setUrl(c.url())
          .setSource(c.source())
          .setCategories(new ArrayList<>(g.categories()))
          .build());
    }
    return items;
  }

  /** "4 categories, 9 stories, 7 sources in 6.2 days". */
  String reason() {
    double days = isEmpty() ? 0 : (lastAt - firstAt) / (double) ClusterState.DAY_MS;
    return String.format(Locale.ROOT, "%s, %s, %s in %.1f days", count(categories.size(), "category", "categories"),
        count(stories, "story", "stories"), count(sources, "source", "sources"), days);
  }

  /**
   * The score in [0, 1]: category diversity, source diversity and volume, plus novelty against the key's
   * trailing baseline (stories this window / (stories + baseline stories per week)), so a burst after a quiet
   * month scores higher than the same coverage on a pair that is always in the news.
   */
  double score(EscalationConfig.ScoreWeights w, double baselinePerWeek) {
    double categoryDiversity = Math.min(1.0, categories.size() / (double) Math.max(1, w.fullCategories()));
    double sourceDiversity = sources <= 1 ? 0.0
        : Math.min(1.0, (sources - 1) / (double) Math.max(1, w.sourceSaturation() - 1));
    double volume = Math.min(1.0, Math.log1p(stories) / Math.log1p(Math.max(1, w.volumeSaturation())));
    double novelty = stories == 0 ? 0.0 : stories / (stories + baselinePerWeek);
    double score = w.categories() * categoryDiversity + w.sources() * sourceDiversity + w.volume() * volume
        + w.novelty() * novelty;
    return Math.round(score * 1000) / 1000.0;
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
