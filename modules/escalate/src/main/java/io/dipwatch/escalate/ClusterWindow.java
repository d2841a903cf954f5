package io.dipwatch.escalate;

import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.Escalation;
import io.dipwatch.schema.EvidenceItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The copies inside each cluster key's window. What is stored is only what cannot be derived: each copy as its
 * own entry of {@value EscalateTopology#COPY_STORE} ({@code key␟time+seq}, so a key's copies are one range in
 * time order; {@code ␟} is U+001F, which no key contains; times and sequences are fixed-width hex of the
 * sign-flipped value, so byte order is numeric order), and the key's {@link ClusterState} summary (counts,
 * baseline, throttle flag, timer). Everything derived from the copies, the per-story tallies, sources, the
 * item index for redeliveries and the evidence ranking, is rebuilt in memory from that range the first time a
 * key is touched, and kept up to date as copies come and go; so taking one in costs one put of the copy and
 * one of the summary, and letting one go one delete, whatever the key's size.
 *
 * <p>The stores stay the only source of truth: every change is written to them as it is made in memory, the
 * in-memory views are dropped whenever the processor is (re)initialised (restart, rebalance, aborted
 * transaction), and least recently used keys are dropped once more than {@code memoryCopies} copies are held,
 * to be rebuilt from the stores when next needed. Entries are removed with {@code put(key, null)}, which unlike
 * {@code delete} does not read and decode the value it removes.
 */
final class ClusterWindow {
  private static final char SEP = '\u001f';
  private static final String AFTER_HEX = "~";

  /** Where a copy sits in its key's window: event time, then arrival. */
  record Slot(long at, long seq) implements Comparable<Slot> {
    @Override
    public int compareTo(Slot o) {
      int byTime = Long.compare(at, o.at);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  /** All copies of one story in a key's window (in memory only). */
  static final class Story {
    final String id;
    final TreeMap<Slot, Copy> copies = new TreeMap<>();
    final Map<String, Integer> copiesPerSource = new HashMap<>();
    final TreeMap<String, Integer> copiesPerCategory = new TreeMap<>();

    Story(String id) {
      this.id = id;
    }

    /** The earliest copy, whose title and link stand for the story in evidence. */
    Copy first() {
      return copies.firstEntry().getValue();
    }

    long lastAt() {
      return copies.lastKey().at();
    }
  }

  /** Most categories first, then most sources, then the latest, then by story id. */
  static final Comparator<Story> RANK = Comparator.comparingInt((Story s) -> -s.copiesPerCategory.size())
      .thenComparingInt(s -> -s.copiesPerSource.size())
      .thenComparingLong(s -> -s.lastAt())
      .thenComparing(s -> s.id);

  /** One key's window as held in memory: its summary, copies in order and what is derived from them. */
  final class Cluster {
    final String key;
    private ClusterState state;
    private final TreeMap<Slot, Copy> copies = new TreeMap<>();
    private final Map<String, Slot> items = new HashMap<>();
    private final Map<String, Story> stories = new HashMap<>();
    /** The stories in evidence order ({@link #RANK}); a story leaves it while its tallies change. */
    private final TreeSet<Story> ranking = new TreeSet<>(RANK);
    private final Map<String, Integer> copiesPerSource = new HashMap<>();
    private Escalation last;
    private boolean lastLoaded;

    private Cluster(String key, ClusterState state) {
      this.key = key;
      this.state = state;
    }

    /** The key's summary; a new (unsaved) one when the key holds nothing. */
    ClusterState state() {
      if (state == null) {
        state = new ClusterState();
      }
      return state;
    }

    /** Whether anything of the key is stored. */
    boolean isStored() {
      return state != null;
    }

    /** The key's last lifecycle record (from {@value EscalateTopology#CURRENT_STORE}), or null. */
    Escalation last() {
      if (!lastLoaded) {
        last = current.get(key);
        lastLoaded = true;
      }
      return last;
    }

    /** Remembers the record just written to {@value EscalateTopology#CURRENT_STORE}. */
    void emitted(Escalation record) {
      last = record;
      lastLoaded = true;
    }

    /** Whether the window, as of {@code now}, holds this item (a redelivery); changes nothing. */
    boolean holds(String itemId, long now, long windowMs) {
      Slot slot = items.get(itemId);
      return slot != null && slot.at() > now - windowMs;
    }

    /** Lets go of every copy no longer inside {@code (now - window, now]}, oldest first. */
    void evict(long now, long windowMs) {
      long limit = now - windowMs;
      while (!copies.isEmpty() && copies.firstKey().at() <= limit) {
        removeOldest();
      }
    }

    /** Drops the oldest copies until at most {@code maxCopies} remain. */
    void trim(int maxCopies) {
      while (copies.size() > maxCopies) {
        removeOldest();
      }
    }

    /** Takes in a copy; the caller has checked the window does not hold its item yet. */
    void add(Copy copy) {
      ClusterState s = state();
      Slot slot = new Slot(copy.at(), s.nextSeq++);
      copyStore.put(copyKey(key, slot), copy);
      Copy replaced = copies.put(slot, copy);
      if (replaced != null) {
        throw new IllegalStateException("cluster " + key + " reused slot " + slot);
      }
      items.put(copy.itemId(), slot);
      heldCopies++;

      Story story = stories.get(copy.storyId());
      if (story == null) {
        story = new Story(copy.storyId());
        stories.put(copy.storyId(), story);
        s.stories++;
        s.countNewStory(copy.at());
      } else {
        ranking.remove(story);
      }
      story.copies.put(slot, copy);
      for (String category : copy.categories()) {
        story.copiesPerCategory.merge(category, 1, Integer::sum);
        s.copiesPerCategory.merge(category, 1, Integer::sum);
      }
      story.copiesPerSource.merge(copy.source(), 1, Integer::sum);
      ranking.add(story);
      if (copiesPerSource.merge(copy.source(), 1, Integer::sum) == 1) {
        s.sources++;
      }
      s.firstAt = copies.firstKey().at();
      s.lastAt = s.copies == 0 ? copy.at() : Math.max(s.lastAt, copy.at());
      s.copies++;
    }

    /** The {@code max} best-ranked stories, each shown by its earliest copy. */
    List<EvidenceItem> evidence(int max) {
      List<EvidenceItem> items = new ArrayList<>(Math.min(max, ranking.size()));
      for (Story story : ranking) {
        if (items.size() >= max) {
          break;
        }
        Copy c = story.first();
        items.add(EvidenceItem.newBuilder()
            .setId(c.itemId())
            .setTitle(c.title() == null ? "" : c.title())
            .setUrl(c.url())
            .setSource(c.source())
            .setCategories(new ArrayList<>(story.copiesPerCategory.keySet()))
            .build());
      }
      return items;
    }

    /** Stores the summary. */
    void save() {
      summaries.put(key, state());
    }

    /** Forgets the key's summary; only once its window is empty, so nothing else of it remains stored. */
    void delete() {
      summaries.put(key, null);
      state = null;
      clusters.remove(key);
    }

    private void removeOldest() {
      Map.Entry<Slot, Copy> oldest = copies.pollFirstEntry();
      Slot slot = oldest.getKey();
      Copy copy = oldest.getValue();
      ClusterState s = state();
      copyStore.put(copyKey(key, slot), null);
      items.remove(copy.itemId(), slot);
      heldCopies--;

      Story story = stories.get(copy.storyId());
      ranking.remove(story);
      story.copies.remove(slot);
      for (String category : copy.categories()) {
        decrement(story.copiesPerCategory, category);
        decrement(s.copiesPerCategory, category);
      }
      decrement(story.copiesPerSource, copy.source());
      if (story.copies.isEmpty()) {
        stories.remove(copy.storyId());
        s.stories--;
      } else {
        ranking.add(story);
      }
      if (decrement(copiesPerSource, copy.source()) == 0) {
        s.sources--;
      }
      s.copies--;
      if (copies.isEmpty()) {
        s.firstAt = 0;
        s.lastAt = 0;
      } else {
        s.firstAt = copies.firstKey().at();
      }
    }

    /** Rebuilds what is derived from the stored copies. */
    private void load() {
      String from = key + SEP;
      try (KeyValueIterator<String, Copy> it = copyStore.range(from, from + AFTER_HEX)) {
        while (it.hasNext()) {
          KeyValue<String, Copy> kv = it.next();
          String ref = kv.key.substring(from.length());
          Slot slot = new Slot(unhex(ref.substring(0, 16)), unhex(ref.substring(16)));
          Copy copy = kv.value;
          copies.put(slot, copy);
          items.put(copy.itemId(), slot);
          Story story = stories.computeIfAbsent(copy.storyId(), Story::new);
          story.copies.put(slot, copy);
          for (String category : copy.categories()) {
            story.copiesPerCategory.merge(category, 1, Integer::sum);
          }
          story.copiesPerSource.merge(copy.source(), 1, Integer::sum);
          copiesPerSource.merge(copy.source(), 1, Integer::sum);
        }
      }
      ranking.addAll(stories.values());
      heldCopies += copies.size();
      if (state != null && state.copies != copies.size()) {
        throw new IllegalStateException("cluster " + key + " counts " + state.copies + " copies but "
            + copies.size() + " are stored");
      }
    }

    private void unload() {
      heldCopies -= copies.size();
    }
  }

  private final KeyValueStore<String, ClusterState> summaries;
  private final KeyValueStore<String, Copy> copyStore;
  private final KeyValueStore<String, Escalation> current;
  private final int memoryCopies;
  /** Keys held in memory, least recently used first. */
  private final LinkedHashMap<String, Cluster> clusters = new LinkedHashMap<>(64, 0.75f, true);
  private long heldCopies;

  ClusterWindow(ProcessorContext<?, ?> context, int memoryCopies) {
    summaries = context.getStateStore(EscalateTopology.CLUSTER_STORE);
    copyStore = context.getStateStore(EscalateTopology.COPY_STORE);
    current = context.getStateStore(EscalateTopology.CURRENT_STORE);
    this.memoryCopies = memoryCopies;
  }

  /** The key's window, loaded from the stores unless already held. */
  Cluster open(String key) {
    Cluster cluster = clusters.get(key);
    if (cluster == null) {
      cluster = new Cluster(key, summaries.get(key));
      if (cluster.state != null) {
        cluster.load();
      }
      clusters.put(key, cluster);
    }
    return cluster;
  }

  /** The key's window if anything of it is stored, else null. */
  Cluster stored(String key) {
    Cluster cluster = open(key);
    if (!cluster.isStored()) {
      clusters.remove(key);
      return null;
    }
    return cluster;
  }

  /** Drops least recently used keys from memory (never {@code keep}) while more than the budget is held. */
  void shrink(String keep) {
    Iterator<Cluster> it = clusters.values().iterator();
    while ((heldCopies > memoryCopies || clusters.size() > memoryCopies) && it.hasNext()) {
      Cluster eldest = it.next();
      if (!eldest.key.equals(keep)) {
        eldest.unload();
        it.remove();
      }
    }
  }

  /** Copies held in memory (for tests and the bound). */
  long heldCopies() {
    return heldCopies;
  }

  private static int decrement(Map<String, Integer> counts, String name) {
    Integer left = counts.computeIfPresent(name, (c, n) -> n > 1 ? n - 1 : null);
    return left == null ? 0 : left;
  }

  private static String copyKey(String key, Slot slot) {
    return key + SEP + hex(slot.at()) + hex(slot.seq());
  }

  private static long unhex(String digits) {
    return Long.parseUnsignedLong(digits, 16) ^ Long.MIN_VALUE;
  }

  /** 16 hex digits whose string order is the numeric order of {@code value}. */
  private static String hex(long value) {
    String digits = Long.toHexString(value ^ Long.MIN_VALUE);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
