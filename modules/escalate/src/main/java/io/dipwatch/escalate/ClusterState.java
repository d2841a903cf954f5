package io.dipwatch.escalate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What escalate remembers about one cluster key between records (kept in a changelogged store, never in
 * fields, so exactly-once restarts replay it): the item copies inside the window, new stories per day for the
 * trailing baseline, the pending-update flag of the throttle, and the time of the key's registered timer.
 * Copies older than the window are evicted as time moves, so its size is bounded by the window's traffic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(List<Copy> copies, TreeMap<Long, Integer> newStoriesByDay, boolean updatePending,
    long timerAt) {

  public static final long NO_TIMER = -1L;

  /** One outlet's copy of a story, reduced to what levels, score and evidence need. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Copy(String itemId, String storyId, String title, String url, String source,
      List<String> categories, long at) {

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

  public ClusterState {
    copies = copies == null ? new ArrayList<>() : new ArrayList<>(copies);
    newStoriesByDay = newStoriesByDay == null ? new TreeMap<>() : new TreeMap<>(newStoriesByDay);
  }

  public static ClusterState empty() {
    return new ClusterState(new ArrayList<>(), new TreeMap<>(), false, NO_TIMER);
  }

  public ClusterState withUpdatePending(boolean pending) {
    return new ClusterState(copies, newStoriesByDay, pending, timerAt);
  }

  public ClusterState withTimerAt(long at) {
    return new ClusterState(copies, newStoriesByDay, updatePending, at);
  }

  boolean hasItem(String itemId) {
    return copies.stream().anyMatch(c -> c.itemId().equals(itemId));
  }

  boolean hasStory(String storyId) {
    return copies.stream().anyMatch(c -> c.storyId().equals(storyId));
  }

  /** The state as of {@code now}: copies no longer inside {@code (now - window, now]} and stale baseline days gone. */
  ClusterState evict(long now, long windowMs, int baselineWeeks) {
    List<Copy> live = new ArrayList<>();
    for (Copy c : copies) {
      if (c.at() > now - windowMs) {
        live.add(c);
      }
    }
    TreeMap<Long, Integer> days =
        new TreeMap<>(newStoriesByDay.tailMap(baselineFirstDay(now, windowMs, baselineWeeks)));
    return new ClusterState(live, days, updatePending, timerAt);
  }

  /** The state with one more copy, at most {@code maxCopies} kept (oldest dropped first). */
  ClusterState add(Copy copy, int maxCopies) {
    TreeMap<Long, Integer> days = new TreeMap<>(newStoriesByDay);
    if (!hasStory(copy.storyId())) {
      days.merge(Math.floorDiv(copy.at(), DAY_MS), 1, Integer::sum);
    }
    List<Copy> next = new ArrayList<>(copies);
    next.add(copy);
    next.sort((a, b) -> Long.compare(a.at(), b.at()));
    while (next.size() > maxCopies) {
      next.remove(0);
    }
    return new ClusterState(next, days, updatePending, timerAt);
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
    return copies.isEmpty() && newStoriesByDay.isEmpty();
  }

  static final long DAY_MS = 24L * 3600 * 1000;

  private static long baselineFirstDay(long now, long windowMs, int baselineWeeks) {
    return Math.floorDiv(now - windowMs, DAY_MS) - baselineWeeks * 7L;
  }
}
