package io.dipwatch.escalate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What escalate remembers about one cluster key as a whole (a changelogged store value, never a field, so
 * exactly-once restarts replay it): counts of the window's copies, stories and sources, copies per category,
 * the span of event time, new stories per day for the trailing baseline, the pending-update flag of the
 * throttle and the key's registered timer. The copies themselves live one per store entry
 * ({@link ClusterWindow}), so this value stays small however hot the key: reading and writing it per event
 * costs the same for a key with one copy as for one with thousands.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class ClusterState {
  static final long NO_TIMER = -1L;
  static final long DAY_MS = 24L * 3600 * 1000;

  /** Sequence of the next copy: orders copies of equal event time by arrival. */
  long nextSeq;
  int copies;
  int stories;
  int sources;
  TreeMap<String, Integer> copiesPerCategory = new TreeMap<>();
  long firstAt;
  long lastAt;
  TreeMap<Long, Integer> newStoriesByDay = new TreeMap<>();
  boolean updatePending;
  long timerAt = NO_TIMER;

  /** One outlet's copy of a story, reduced to what levels, score and evidence need. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Copy(String itemId, String storyId, String title, String url, String source, List<String> categories,
      long at) {

    static Copy of(ClassifiedEvent e) {
      List<String> categories = new ArrayList<>();
      for (CategoryScore c : e.getCategories()) {
        if (!categories.contains(c.getName())) {
          categories.add(c.getName());
        }
      }
      categories.sort(null);
      return new Copy(e.getId(), e.getStoryId(), e.getTitle(), e.getUrl(), e.getSource(), categories,
          e.getPublishedAt().toEpochMilli());
    }
  }

  /** Drops the baseline days that no longer matter at {@code now}. */
  void trimBaseline(long now, long windowMs, int baselineWeeks) {
    newStoriesByDay.headMap(baselineFirstDay(now, windowMs, baselineWeeks)).clear();
  }

  void countNewStory(long at) {
    newStoriesByDay.merge(Math.floorDiv(at, DAY_MS), 1, Integer::sum);
  }

  /** Average new stories per week over the {@code baselineWeeks} weeks before the window. */
  double baselinePerWeek(long now, long windowMs, int baselineWeeks) {
    long firstDay = baselineFirstDay(now, windowMs, baselineWeeks);
    long windowStartDay = Math.floorDiv(now - windowMs, DAY_MS);
    int stories = newStoriesByDay.subMap(firstDay, true, windowStartDay, false).values().stream()
        .mapToInt(Integer::intValue).sum();
    return stories / (double) baselineWeeks;
  }

  /** When the baseline days still kept stop mattering, so an otherwise empty state can be dropped. */
  long baselineExpiry(long windowMs, int baselineWeeks) {
    if (newStoriesByDay.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return (newStoriesByDay.lastKey() + 1) * DAY_MS + windowMs + baselineWeeks * 7L * DAY_MS;
  }

  boolean isEmpty() {
    return copies == 0 && newStoriesByDay.isEmpty();
  }

  private static long baselineFirstDay(long now, long windowMs, int baselineWeeks) {
    return Math.floorDiv(now - windowMs, DAY_MS) - baselineWeeks * 7L;
  }
}
