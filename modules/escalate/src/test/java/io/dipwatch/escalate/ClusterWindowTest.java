package io.dipwatch.escalate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.core.serde.DipwatchSerdes;
import io.dipwatch.escalate.ClusterState.Copy;
import io.dipwatch.schema.EvidenceItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental window against the plain definition: after every random add, eviction and trim, its counts,
 * categories, time span and evidence equal what a straight pass over the copies still inside gives, also for a
 * view rebuilt from the stores (as after a restart, or once the key left the memory budget), and once every copy
 * has left no entry of the key remains in any store (state stays bounded).
 */
class ClusterWindowTest {
  private static final String KEY = "PRK|RUS";
  private static final String OTHER_KEY = "PRK";
  private static final long HOUR = 3_600_000L;
  private static final List<String> CATEGORIES = List.of("LABOUR_MIGRATION", "RECOGNITION", "SANCTIONS",
      "WEAPONS_DEVELOPMENT");

  private MockProcessorContext<String, Emission> context;
  private List<StateStore> stores;
  private ClusterWindow window;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cluster-window-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    context = new MockProcessorContext<>(props, new TaskId(2, 0), Files.createDirectories(dir.resolve("s")).toFile());
    List<StoreBuilder<?>> builders = new ArrayList<>(EscalateTopology.lifecycle(EscalationConfig.defaults(), 1)
        .stores());
    builders.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EscalateTopology.SILENCE_STORE),
        Serdes.String(), DipwatchSerdes.silence()));
    stores = builders.stream()
        .map(b -> (StateStore) b.withLoggingDisabled().withCachingDisabled().build()).toList();
    for (StateStore store : stores) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    window = newWindow(Integer.MAX_VALUE);
  }

  private ClusterWindow newWindow(int memoryCopies) {
    return new ClusterWindow(context, memoryCopies);
  }

  @AfterEach
  void stop() {
    stores.forEach(StateStore::close);
  }

  @Test
  void incrementalTalliesEqualARecountOfTheCopiesInside() {
    Random random = new Random(11);
    long windowMs = 48 * HOUR;
    int maxCopies = 25;
    List<Copy> inside = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 1500; i++) {
      now += random.nextInt(3) * HOUR / 2;
      long at = now - random.nextInt(4) * HOUR; // some arrive late, some at the same time as others
      List<String> categories = new ArrayList<>(new TreeSet<>(List.of(CATEGORIES.get(random.nextInt(4)),
          CATEGORIES.get(random.nextInt(4)))));
      Copy copy = new Copy("item-" + i, "story-" + random.nextInt(i / 3 + 1), "Title " + i, "https://x/" + i,
          "outlet" + random.nextInt(8) + ".example", categories, at);

      ClusterWindow.Cluster cluster = window.open(KEY);
      cluster.evict(now, windowMs);
      long windowStart = now - windowMs;
      inside.removeIf(c -> c.at() <= windowStart);
      cluster.add(copy);
      inside.add(copy);
      inside.sort(Comparator.comparingLong(Copy::at)); // stable: equal times stay in arrival order
      cluster.trim(maxCopies);
      while (inside.size() > maxCopies) {
        inside.remove(0);
      }
      cluster.save();
      ClusterWindow.Cluster neighbour = window.open(OTHER_KEY);
      neighbour.add(copy); // a key that is a prefix of the other must not mix with it
      neighbour.save();

      assertSameAsRecount(cluster, inside);
      assertThat(cluster.holds(copy.itemId(), now, windowMs)).isEqualTo(inside.contains(copy));
      if (i % 97 == 0) {
        // what a restarted processor, or one that dropped the key from memory, rebuilds from the stores
        window = newWindow(Integer.MAX_VALUE);
        assertSameAsRecount(window.open(KEY), inside);
      }
    }
    ClusterWindow.Cluster cluster = window.open(KEY);
    cluster.evict(now + windowMs, windowMs);
    assertSameAsRecount(cluster, List.of());
    cluster.delete();
    assertThat(entriesOf(KEY)).isEmpty();
    assertThat(entriesOf(OTHER_KEY)).isNotEmpty();
  }

  @Test
  void keysBeyondTheMemoryBudgetAreDroppedAndRebuiltFromTheStores() {
    window = newWindow(10);
    addHourlyCopies(KEY, "a", "SANCTIONS", 8);
    addHourlyCopies(OTHER_KEY, "b", "RECOGNITION", 8);
    assertThat(window.heldCopies()).as("the least recently used key was let go").isEqualTo(8);
    ClusterWindow.Cluster reloaded = window.open(KEY);
    assertThat(reloaded.state().copies).isEqualTo(8);
    assertThat(reloaded.holds("a-3", 8 * HOUR, 48 * HOUR)).isTrue();
    assertThat(reloaded.evidence(1).get(0).getId()).isEqualTo("a-7");
  }

  /** Adds {@code count} copies an hour apart to {@code key}, saving and shrinking the window after each. */
  private void addHourlyCopies(String key, String prefix, String category, int count) {
    for (int i = 0; i < count; i++) {
      ClusterWindow.Cluster cluster = window.open(key);
      cluster.add(new Copy(prefix + "-" + i, "story-" + i, prefix + " " + i, "https://" + prefix + "/" + i,
          "outlet" + i + ".example", List.of(category), i * HOUR));
      cluster.save();
      window.shrink(key);
    }
  }

  private void assertSameAsRecount(ClusterWindow.Cluster cluster, List<Copy> inside) {
    ClusterState state = cluster.state();
    Map<String, List<Copy>> byStory = new LinkedHashMap<>();
    TreeSet<String> sources = new TreeSet<>();
    TreeSet<String> categories = new TreeSet<>();
    for (Copy c : inside) {
      byStory.computeIfAbsent(c.storyId(), k -> new ArrayList<>()).add(c);
      sources.add(c.source());
      categories.addAll(c.categories());
    }
    assertThat(state.copies).isEqualTo(inside.size());
    assertThat(state.stories).isEqualTo(byStory.size());
    assertThat(state.sources).isEqualTo(sources.size());
    assertThat(state.copiesPerCategory.keySet()).containsExactlyElementsOf(categories);
    if (!inside.isEmpty()) {
      assertThat(state.firstAt).isEqualTo(inside.get(0).at());
      assertThat(state.lastAt).isEqualTo(inside.stream().mapToLong(Copy::at).max().orElseThrow());
    }

    record Ranked(String storyId, Copy first, TreeSet<String> categories, int sources, long lastAt) {}
    List<Ranked> ranked = new ArrayList<>();
    byStory.forEach((story, copies) -> {
      TreeSet<String> storyCategories = new TreeSet<>();
      copies.forEach(c -> storyCategories.addAll(c.categories()));
      ranked.add(new Ranked(story, copies.get(0), storyCategories,
          (int) copies.stream().map(Copy::source).distinct().count(),
          copies.stream().mapToLong(Copy::at).max().orElseThrow()));
    });
    ranked.sort(Comparator.comparingInt((Ranked r) -> -r.categories().size())
        .thenComparingInt(r -> -r.sources())
        .thenComparingLong(r -> -r.lastAt())
        .thenComparing(Ranked::storyId));
    List<EvidenceItem> expected = ranked.stream().limit(5).map(r -> EvidenceItem.newBuilder()
        .setId(r.first().itemId()).setTitle(r.first().title()).setUrl(r.first().url())
        .setSource(r.first().source()).setCategories(new ArrayList<>(r.categories())).build()).toList();
    assertThat(cluster.evidence(5)).isEqualTo(expected);
  }

  /** Every entry of {@code key} left in any of the window's stores. */
  private List<String> entriesOf(String key) {
    List<String> left = new ArrayList<>();
    KeyValueStore<String, Object> copies = context.getStateStore(EscalateTopology.COPY_STORE);
    try (KeyValueIterator<String, Object> it = copies.all()) {
      it.forEachRemaining((KeyValue<String, Object> kv) -> {
        if (kv.key.startsWith(key + '\u001f')) {
          left.add(EscalateTopology.COPY_STORE + ": " + kv.key);
        }
      });
    }
    KeyValueStore<String, Object> summaries = context.getStateStore(EscalateTopology.CLUSTER_STORE);
    if (summaries.get(key) != null) {
      left.add(EscalateTopology.CLUSTER_STORE + ": " + key);
    }
    return left;
  }
}
