package io.dipwatch.classify.story;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Assigns story ids: an item whose fingerprint is within the distance threshold of a fingerprint seen inside the
 * retention window joins that story; otherwise it starts a story under its own id. Fingerprints are indexed by
 * {@code maxDistance + 1} bands of their bits (any fingerprint within the distance shares at least one band), so a
 * look-up reads a few small lists instead of scanning every fingerprint.
 */
public final class StoryIndex {

  /** Where band lists live: a Kafka Streams store in the topology, a map in tests. */
  public interface BandStore {
    Bands get(String band);

    void put(String band, Bands bands);

    void delete(String band);
  }

  /** The fingerprints filed under one band value, newest first. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Bands(List<Entry> entries) {
    public Bands {
      entries = entries == null ? List.of() : List.copyOf(entries);
    }
  }

  /** One indexed fingerprint and the story it belongs to. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(long bits, int shingles, String storyId, long lastSeen) {}

  private final BandStore store;
  private final int maxDistance;
  private final int minShingles;
  private final int maxPerBand;
  private final long retentionMs;
  private final int bandCount;

  public StoryIndex(BandStore store, int maxDistance, int minShingles, int maxPerBand, long retentionMs) {
    this.store = store;
    this.bandCount = maxDistance + 1;
    this.maxDistance = maxDistance;
    this.minShingles = minShingles;
    this.maxPerBand = maxPerBand;
    this.retentionMs = retentionMs;
  }

  /** The story of an item with this fingerprint seen at {@code timestamp}; files the fingerprint under it. */
  public String assign(String itemId, SimHash.Fingerprint fp, long timestamp) {
    if (fp.shingles() == 0) {
      return itemId;
    }
    Entry best = null;
    int bestDistance = Integer.MAX_VALUE;
    String[] keys = new String[bandCount];
    Bands[] read = new Bands[bandCount];
    for (int i = 0; i < bandCount; i++) {
      keys[i] = key(i, fp.band(i, bandCount));
      read[i] = store.get(keys[i]);
      Bands bands = read[i];
      if (bands == null) {
        continue;
      }
      for (Entry e : bands.entries()) {
        if (timestamp - e.lastSeen() > retentionMs) {
          continue;
        }
        int d = SimHash.distance(e.bits(), fp.bits());
        boolean weak = e.shingles() < minShingles || fp.shingles() < minShingles;
        if ((weak ? d == 0 : d <= maxDistance) && d < bestDistance) {
          best = e;
          bestDistance = d;
        }
      }
    }
    String storyId = best == null ? itemId : best.storyId();
    Entry mine = new Entry(fp.bits(), fp.shingles(), storyId, timestamp);
    for (int i = 0; i < bandCount; i++) {
      Bands bands = read[i];
      List<Entry> entries = new ArrayList<>();
      entries.add(mine);
      if (bands != null) {
        for (Entry e : bands.entries()) {
          boolean same = e.bits() == mine.bits() && e.storyId().equals(storyId);
          if (!same && timestamp - e.lastSeen() <= retentionMs) {
            entries.add(e);
          }
        }
      }
      entries.sort(Comparator.comparingLong(Entry::lastSeen).reversed());
      store.put(keys[i], new Bands(entries.size() > maxPerBand ? entries.subList(0, maxPerBand) : entries));
    }
    return storyId;
  }

  /** Drops the entries last seen before {@code now - retention} from one band list; deletes emptied lists. */
  public void purge(String band, Bands bands, long now) {
    List<Entry> kept = bands.entries().stream().filter(e -> now - e.lastSeen() <= retentionMs).toList();
    if (kept.isEmpty()) {
      store.delete(band);
    } else if (kept.size() < bands.entries().size()) {
      store.put(band, new Bands(kept));
    }
  }

  static String key(int band, long value) {
    return "b" + band + ":" + Long.toHexString(value);
  }
}
