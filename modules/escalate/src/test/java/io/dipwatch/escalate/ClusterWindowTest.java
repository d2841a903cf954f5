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
 * categories, time span and evidence equal what a straight pass over the copies still inside gives, and once
 * every copy has left no entry of the key remains in any store (state stays bounded).
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
    window = new ClusterWindow(context);
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
    ClusterState state = new ClusterState();
    ClusterState neighbour = new ClusterState();
    List<Copy> inside = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 1500; i++) {
      now += random.nextInt(3) * HOUR / 2;
      long at = now - random.nextInt(4) * HOUR; // some arrive late, some at the same time as others
      List<String> categories = new ArrayList<>(new TreeSet<>(List.of(CATEGORIES.get(random.nextInt(4)),
          CATEGORIES.get(random.nextInt(4)))));
      Copy copy = new Copy("item-" + i, "story-" + random.nextInt(i / 3 + 1), "Title " + i, "https://x/" + i,
          "outlet" + random.nextInt(8) + ".example", categories, at);

      window.evict(KEY, state, now, windowMs);
      long windowStart = now - windowMs;
      inside.removeIf(c -> c.at() <= windowStart);
      window.add(KEY, state, copy);
      inside.add(copy);
      inside.sort(Comparator.comparingLong(Copy::at)); // stable: equal times stay in arrival order
      window.trim(KEY, state, maxCopies);
      while (inside.size() > maxCopies) {
        inside.remove(0);
      }
      window.add(OTHER_KEY, neighbour, copy); // a key that is a prefix of the other must not mix with it

      assertSameAsRecount(state, inside);
      assertThat(window.holds(KEY, copy.itemId(), now, windowMs)).isEqualTo(inside.contains(copy));
    }
    window.evict(KEY, state, now + windowMs, windowMs);
    assertSameAsRecount(state, List.of());
    assertThat(entriesOf(KEY)).isEmpty();
    assertThat(entriesOf(OTHER_KEY)).isNotEmpty();
  }

  private void assertSameAsRecount(ClusterState state, List<Copy> inside) {
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
    assertThat(window.evidence(KEY, 5)).isEqualTo(expected);
  }

  /** Every entry of {@code key} left in any of the window's stores. */
  private List<String> entriesOf(String key) {
    List<String> left = new ArrayList<>();
    for (String name : List.of(EscalateTopology.COPY_STORE, EscalateTopology.STORY_STORE,
        EscalateTopology.SOURCE_COUNT_STORE, EscalateTopology.INDEX_STORE)) {
      KeyValueStore<String, Object> store = context.getStateStore(name);
      try (KeyValueIterator<String, Object> it = store.all()) {
        it.forEachRemaining((KeyValue<String, Object> kv) -> {
          if (kv.key.startsWith(key + '\u001f')) {
            left.add(name + ": " + kv.key);
          }
        });
      }
    }
    return left;
  }
}
