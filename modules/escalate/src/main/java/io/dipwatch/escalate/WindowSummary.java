package io.dipwatch.escalate;

import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a cluster's window holds, as the levels, reason and score see it: independent stories (syndicated copies
 * of one story count once), distinct sources, the categories seen and the span of event time.
 */
record WindowSummary(int stories, int sources, SortedSet<String> categories, long firstAt, long lastAt) {

  static WindowSummary of(ClusterState state) {
    boolean empty = state.copies == 0;
    return new WindowSummary(state.stories, state.sources, new TreeSet<>(state.copiesPerCategory.keySet()),
        empty ? 0 : state.firstAt, empty ? 0 : state.lastAt);
  }

  boolean isEmpty() {
    return stories == 0;
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
