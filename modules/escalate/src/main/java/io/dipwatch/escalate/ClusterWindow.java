package io.dipwatch.escalate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.EvidenceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The copies inside each cluster key's window, kept so that taking one in or letting one go costs a few store
 * operations whatever the key's size (a hot pair holds up to {@code maxCopiesPerKey} copies; rewriting them all
 * on every event made a busy key quadratic). Each copy is its own entry, keyed by key, event time and arrival
 * sequence, so the copies leaving the window are a range scan from the front; per-story tallies, multiplicities
 * of sources and an evidence ranking are updated as copies come and go, so the {@link ClusterState} summary,
 * levels, score and evidence never need the whole window. Copies always leave oldest first (by time, then
 * arrival), which keeps a story's earliest copy and its last time cheap to maintain.
 *
 * <p>Store keys ({@code ␟} is U+001F, which no key, story, item or source id contains; times and sequences are
 * fixed-width hex of the sign-flipped value, so byte order is numeric order):
 * <ul>
 *   <li>{@value EscalateTopology#COPY_STORE}: {@code key␟time+seq} to the copy
 *   <li>{@value EscalateTopology#STORY_STORE}: {@code key␟story} to its {@link StoryTally} (with its earliest copy)
 *   <li>{@value EscalateTopology#SOURCE_COUNT_STORE}: {@code key␟c␟source} copies per source in the window,
 *       {@code key␟s␟story␟source} copies per source of one story
 *   <li>{@value EscalateTopology#INDEX_STORE}: {@code key␟i␟item} to the item's {@code time+seq} (redeliveries),
 *       {@code key␟f␟story␟time+seq} one entry per copy of a story (its next earliest copy), and
 *       {@code key␟r␟rank␟story} the evidence ranking (most categories, most sources, latest, story id)
 * </ul>
 */
final class ClusterWindow {
  private static final char SEP = '\u001f';
  private static final String AFTER_HEX = "~";
  private static final String NO_REF = "";

  /** All copies of one story in a key's window, reduced to what ranking and evidence need. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
      getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
  static final class StoryTally {
    int copies;
    int sources;
    long lastAt;
    /** {@code time+seq} of the story's earliest copy, whose title and link stand for it in evidence. */
    String first = NO_REF;
    /** That copy, kept here so evidence reads one entry per story. */
    Copy firstCopy;
    TreeMap<String, Integer> copiesPerCategory = new TreeMap<>();
  }

  private final KeyValueStore<String, ClusterState> summaries;
  private final KeyValueStore<String, Copy> copies;
  private final KeyValueStore<String, StoryTally> stories;
  private final KeyValueStore<String, Integer> sourceCounts;
  private final KeyValueStore<String, String> index;

  ClusterWindow(ProcessorContext<?, ?> context) {
    summaries = context.getStateStore(EscalateTopology.CLUSTER_STORE);
    copies = context.getStateStore(EscalateTopology.COPY_STORE);
    stories = context.getStateStore(EscalateTopology.STORY_STORE);
    sourceCounts = context.getStateStore(EscalateTopology.SOURCE_COUNT_STORE);
    index = context.getStateStore(EscalateTopology.INDEX_STORE);
  }

  /** The key's summary; a new one when the key holds nothing. */
  ClusterState summary(String key) {
    ClusterState state = summaries.get(key);
    return state == null ? new ClusterState() : state;
  }

  /** The stored summary, or null when the key holds nothing. */
  ClusterState storedSummary(String key) {
    return summaries.get(key);
  }

  void save(String key, ClusterState state) {
    summaries.put(key, state);
  }

  /** Forgets the key's summary; only once its window is empty, so nothing else of it remains. */
  void delete(String key) {
    summaries.delete(key);
  }

  /** Whether the window, as of {@code now}, holds this item (a redelivery); cheap and changes nothing. */
  boolean holds(String key, String itemId, long now, long windowMs) {
    String ref = index.get(itemKey(key, itemId));
    return ref != null && timeOf(ref) > now - windowMs;
  }

  /** Lets go of every copy no longer inside {@code (now - window, now]}, oldest first. */
  void evict(String key, ClusterState state, long now, long windowMs) {
    long limit = now - windowMs;
    while (state.copies > 0 && state.firstAt <= limit) {
      List<KeyValue<String, Copy>> leaving = new ArrayList<>();
      try (KeyValueIterator<String, Copy> it =
               copies.range(copyKey(key, state.firstAt, 0), key + SEP + hex(limit) + "ffffffffffffffff")) {
        while (it.hasNext() && leaving.size() < 512) {
          leaving.add(it.next());
        }
      }
      if (leaving.isEmpty()) {
        throw new IllegalStateException("cluster " + key + " counts " + state.copies
            + " copies but none is stored from " + state.firstAt);
      }
      for (KeyValue<String, Copy> copy : leaving) {
        remove(key, state, copy.key.substring(key.length() + 1), copy.value);
      }
      refreshFirst(key, state, timeOf(leaving.get(leaving.size() - 1).key.substring(key.length() + 1)));
    }
  }

  /** Drops the oldest copies until at most {@code maxCopies} remain. */
  void trim(String key, ClusterState state, int maxCopies) {
    while (state.copies > maxCopies) {
      KeyValue<String, Copy> oldest;
      try (KeyValueIterator<String, Copy> it =
               copies.range(copyKey(key, state.firstAt, 0), key + SEP + AFTER_HEX)) {
        oldest = it.next();
      }
      remove(key, state, oldest.key.substring(key.length() + 1), oldest.value);
      refreshFirst(key, state, oldest.value.at());
    }
  }

  /** Takes in a copy; the caller has checked the window does not hold its item yet. */
  void add(String key, ClusterState state, Copy copy) {
    String ref = hex(copy.at()) + hex(state.nextSeq++);
    copies.put(key + SEP + ref, copy);
    index.put(itemKey(key, copy.itemId()), ref);
    index.put(storyCopyKey(key, copy.storyId(), ref), copy.itemId());

    String storyKey = key + SEP + copy.storyId();
    StoryTally story = stories.get(storyKey);
    String rankBefore = null;
    if (story == null) {
      story = new StoryTally();
      state.stories++;
      state.countNewStory(copy.at());
    } else {
      rankBefore = rankKey(key, copy.storyId(), story);
    }
    story.copies++;
    for (String category : copy.categories()) {
      story.copiesPerCategory.merge(category, 1, Integer::sum);
      state.copiesPerCategory.merge(category, 1, Integer::sum);
    }
    if (increment(storySourceKey(key, copy.storyId(), copy.source())) == 1) {
      story.sources++;
    }
    if (story.first.isEmpty() || copy.at() < timeOf(story.first)) {
      story.first = ref;
      story.firstCopy = copy;
    }
    story.lastAt = story.copies == 1 ? copy.at() : Math.max(story.lastAt, copy.at());
    stories.put(storyKey, story);
    rerank(key, copy.storyId(), rankBefore, rankKey(key, copy.storyId(), story));

    if (increment(clusterSourceKey(key, copy.source())) == 1) {
      state.sources++;
    }
    state.firstAt = state.copies == 0 ? copy.at() : Math.min(state.firstAt, copy.at());
    state.lastAt = state.copies == 0 ? copy.at() : Math.max(state.lastAt, copy.at());
    state.copies++;
  }

  /** The {@code max} best-ranked stories, each shown by its earliest copy. */
  List<EvidenceItem> evidence(String key, int max) {
    List<EvidenceItem> items = new ArrayList<>();
    String ranks = key + SEP + "r" + SEP;
    try (KeyValueIterator<String, String> it = index.range(ranks, ranks + AFTER_HEX)) {
      while (it.hasNext() && items.size() < max) {
        String storyId = it.next().value;
        StoryTally story = stories.get(key + SEP + storyId);
        Copy c = story.firstCopy;
        items.add(EvidenceItem.newBuilder()
            .setId(c.itemId())
            .setTitle(c.title() == null ? "" : c.title())
            .setUrl(c.url())
            .setSource(c.source())
            .setCategories(new ArrayList<>(story.copiesPerCategory.keySet()))
            .build());
      }
    }
    return items;
  }

  /** Lets go of the window's oldest copy (so also its story's earliest one). */
  private void remove(String key, ClusterState state, String ref, Copy copy) {
    copies.delete(key + SEP + ref);
    index.delete(itemKey(key, copy.itemId()));
    index.delete(storyCopyKey(key, copy.storyId(), ref));

    String storyKey = key + SEP + copy.storyId();
    StoryTally story = stories.get(storyKey);
    String rankBefore = rankKey(key, copy.storyId(), story);
    story.copies--;
    for (String category : copy.categories()) {
      decrement(story.copiesPerCategory, category);
      decrement(state.copiesPerCategory, category);
    }
    if (decrement(storySourceKey(key, copy.storyId(), copy.source())) == 0) {
      story.sources--;
    }
    if (story.copies == 0) {
      stories.delete(storyKey);
      index.delete(rankBefore);
      state.stories--;
    } else {
      String from = storyCopyKey(key, copy.storyId(), ref);
      try (KeyValueIterator<String, String> it = index.range(from, storyCopyKey(key, copy.storyId(), AFTER_HEX))) {
        story.first = it.next().key.substring(from.length() - ref.length());
      }
      story.firstCopy = copies.get(key + SEP + story.first);
      stories.put(storyKey, story);
      rerank(key, copy.storyId(), rankBefore, rankKey(key, copy.storyId(), story));
    }

    if (decrement(clusterSourceKey(key, copy.source())) == 0) {
      state.sources--;
    }
    state.copies--;
  }

  /** After copies left from the front: the time of the oldest remaining copy, searched from {@code from}. */
  private void refreshFirst(String key, ClusterState state, long from) {
    if (state.copies == 0) {
      state.firstAt = 0;
      state.lastAt = 0;
      return;
    }
    try (KeyValueIterator<String, Copy> it = copies.range(copyKey(key, from, 0), key + SEP + AFTER_HEX)) {
      state.firstAt = it.next().value.at();
    }
  }

  private void rerank(String key, String storyId, String before, String after) {
    if (after.equals(before)) {
      return;
    }
    if (before != null) {
      index.delete(before);
    }
    index.put(after, storyId);
  }

  private int increment(String countKey) {
    Integer n = sourceCounts.get(countKey);
    int next = n == null ? 1 : n + 1;
    sourceCounts.put(countKey, next);
    return next;
  }

  private int decrement(String countKey) {
    Integer n = sourceCounts.get(countKey);
    int next = n == null ? 0 : n - 1;
    if (next <= 0) {
      sourceCounts.delete(countKey);
    } else {
      sourceCounts.put(countKey, next);
    }
    return Math.max(next, 0);
  }

  private static void decrement(TreeMap<String, Integer> counts, String category) {
    counts.computeIfPresent(category, (c, n) -> n > 1 ? n - 1 : null);
  }

  private static String copyKey(String key, long at, long seq) {
    return key + SEP + hex(at) + hex(seq);
  }

  private static String itemKey(String key, String itemId) {
    return key + SEP + "i" + SEP + itemId;
  }

  private static String storyCopyKey(String key, String storyId, String ref) {
    return key + SEP + "f" + SEP + storyId + SEP + ref;
  }

  private static String clusterSourceKey(String key, String source) {
    return key + SEP + "c" + SEP + source;
  }

  private static String storySourceKey(String key, String storyId, String source) {
    return key + SEP + "s" + SEP + storyId + SEP + source;
  }

  /** Most categories first, then most sources, then the latest, then by story id. */
  private static String rankKey(String key, String storyId, StoryTally story) {
    return key + SEP + "r" + SEP + hex(~(long) story.copiesPerCategory.size()) + hex(~(long) story.sources)
        + hex(~story.lastAt) + SEP + storyId;
  }

  private static long timeOf(String ref) {
    return Long.parseUnsignedLong(ref.substring(0, 16), 16) ^ Long.MIN_VALUE;
  }

  /** 16 hex digits whose string order is the numeric order of {@code value}. */
  private static String hex(long value) {
    String digits = Long.toHexString(value ^ Long.MIN_VALUE);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
