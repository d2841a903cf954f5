package io.dipwatch.escalate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dipwatch.core.model.Level;
import java.time.Duration;
import java.util.List;

/**
 * Every rule and threshold of the escalation stage, bindable from the app's YAML; fields left out of the file
 * take the value of {@link #defaults()}, so a config only names what it changes.
 *
 * @param window sliding event-time window a cluster is judged on
 * @param grace how far behind the watermark an item may arrive and still count; beyond it, it is parked
 * @param futureTolerance how far ahead of the wall clock an item may be dated; beyond it, it is parked
 * @param updateThrottle at most one UPDATED per key per this much event time
 * @param reorderDelay how far behind the watermark events are taken in and timers fire, in event-time order;
 *     events arriving later than that (but within the grace) are taken in at once, at that time. Zero suits a
 *     live feed (the watermark is the wall clock, so nothing waits beyond the next tick); set to the grace (as a
 *     replay of a file should), the same input always gives the same records however its items interleave
 *     across partitions, at the cost of holding up to a grace of events in {@code escalate-early-events}
 * @param watermarkEvery event-time spacing of the watermark ticks each input task multicasts to every partition
 * @param tickerInterval wall-clock period of {@link Ticker}'s ticks
 * @param baselineWeeks trailing weeks (before the window) whose story counts form a key's baseline
 * @param levels thresholds per level; a level holds when any of its alternatives is met
 * @param score weights of the score's parts
 * @param evidenceStories stories listed as evidence per record
 * @param historyPerKey lifecycle records kept per key for the query API
 * @param maxCopiesPerKey cap on the item copies kept per key (oldest dropped first), bounding state
 * @param maxActorsPerEvent cap on state/territory actors that form keys per event (most mentioned kept)
 * @param organisations actor codes that never form keys
 * @param rocksDbMemoryBytes total RocksDB block cache + memtable budget per instance
 * @param memoryCopies per task, how many window copies (with what is derived from them) are held in memory
 *     beside the stores; least recently used keys beyond it are rebuilt from the stores when next needed
 * @param commitInterval how often escalate commits (and so how long lifecycle records may wait to become
 *     visible to read_committed consumers); each exactly-once commit flushes the stores and their changelogs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EscalationConfig(
    Duration window,
    Duration grace,
    Duration futureTolerance,
    Duration updateThrottle,
    Duration reorderDelay,
    Duration watermarkEvery,
    Duration tickerInterval,
    int baselineWeeks,
    Levels levels,
    ScoreWeights score,
    int evidenceStories,
    int historyPerKey,
    int maxCopiesPerKey,
    int maxActorsPerEvent,
    List<String> organisations,
    long rocksDbMemoryBytes,
    int memoryCopies,
    Duration commitInterval) {

  /** The same settings with events taken in this far behind the watermark (a replay uses the grace). */
  public EscalationConfig withReorderDelay(Duration delay) {
    return new EscalationConfig(window, grace, futureTolerance, updateThrottle, delay, watermarkEvery, tickerInterval,
        baselineWeeks, levels, score, evidenceStories, historyPerKey, maxCopiesPerKey, maxActorsPerEvent,
        organisations, rocksDbMemoryBytes, memoryCopies, commitInterval);
  }

  /** One way to reach a level: at least this many stories, categories and sources in the window. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Threshold(int stories, int categories, int sources) {
    boolean metBy(int storyCount, int categoryCount, int sourceCount) {
      return storyCount >= stories && categoryCount >= categories && sourceCount >= sources;
    }
  }

  /** Alternatives per level (OR), each a conjunction of minimums; no level ever holds on a single story. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Levels(List<Threshold> watch, List<Threshold> warning, List<Threshold> critical) {
    private static final List<Threshold> WATCH = List.of(new Threshold(2, 2, 2), new Threshold(3, 1, 2));
    private static final List<Threshold> WARNING = List.of(new Threshold(3, 3, 2));
    private static final List<Threshold> CRITICAL = List.of(new Threshold(4, 4, 3), new Threshold(6, 3, 3));

    public Levels {
      watch = watch == null ? WATCH : List.copyOf(watch);
      warning = warning == null ? WARNING : List.copyOf(warning);
      critical = critical == null ? CRITICAL : List.copyOf(critical);
    }

    public static Levels defaults() {
      return new Levels(null, null, null);
    }

    List<Threshold> of(Level level) {
      return switch (level) {
        case WATCH -> watch;
        case WARNING -> warning;
        case CRITICAL -> critical;
      };
    }

    /** The highest level the counts support, or null when not even WATCH (always null for one story). */
    Level supported(int stories, int categories, int sources) {
      if (stories < 2) {
        return null;
      }
      Level best = null;
      for (Level level : Level.values()) {
        if (of(level).stream().anyMatch(t -> t.metBy(stories, categories, sources))) {
          best = level;
        }
      }
      return best;
    }
  }

  /**
   * Weights of the score (they should sum to 1): category diversity (share of {@code fullCategories}),
   * source diversity (saturating at {@code sourceSaturation}), volume (log, saturating at
   * {@code volumeSaturation} stories) and novelty (stories against the key's own trailing weekly baseline).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScoreWeights(double categories, double sources, double volume, double novelty,
      int fullCategories, int sourceSaturation, int volumeSaturation) {
    public static ScoreWeights defaults() {
      return new ScoreWeights(0.35, 0.25, 0.2, 0.2, 4, 6, 12);
    }
  }

  public static final List<String> DEFAULT_ORGANISATIONS =
      List.of("UN", "UNSC", "EU", "NATO", "IAEA", "AU", "ASEAN", "G7", "OSCE", "ICC", "WTO", "IMF");

  public EscalationConfig {
    window = window == null ? Duration.ofDays(7) : window;
    grace = grace == null ? Duration.ofDays(1) : grace;
    futureTolerance = futureTolerance == null ? Duration.ofMinutes(15) : futureTolerance;
    updateThrottle = updateThrottle == null ? Duration.ofHours(1) : updateThrottle;
    reorderDelay = reorderDelay == null ? Duration.ZERO : reorderDelay;
    watermarkEvery = watermarkEvery == null ? Duration.ofMinutes(15) : watermarkEvery;
    tickerInterval = tickerInterval == null ? Duration.ofSeconds(30) : tickerInterval;
    baselineWeeks = baselineWeeks <= 0 ? 4 : baselineWeeks;
    levels = levels == null ? Levels.defaults() : levels;
    score = score == null ? ScoreWeights.defaults() : score;
    evidenceStories = evidenceStories <= 0 ? 5 : evidenceStories;
    historyPerKey = historyPerKey <= 0 ? 50 : historyPerKey;
    maxCopiesPerKey = maxCopiesPerKey <= 0 ? 1000 : maxCopiesPerKey;
    maxActorsPerEvent = maxActorsPerEvent <= 0 ? 6 : maxActorsPerEvent;
    organisations = organisations == null ? DEFAULT_ORGANISATIONS : List.copyOf(organisations);
    rocksDbMemoryBytes = rocksDbMemoryBytes <= 0 ? 256L * 1024 * 1024 : rocksDbMemoryBytes;
    memoryCopies = memoryCopies <= 0 ? 50_000 : memoryCopies;
    commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("escalation window must be positive, got " + window);
    }
    if (grace.isNegative() || grace.compareTo(window) > 0) {
      throw new IllegalArgumentException("escalation grace must be between 0 and the window, got " + grace);
    }
    if (reorderDelay.isNegative() || reorderDelay.compareTo(grace) > 0) {
      throw new IllegalArgumentException("escalation reorderDelay must be between 0 and the grace, got "
          + reorderDelay);
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("escalation commitInterval must be positive, got " + commitInterval);
    }
  }

  public static EscalationConfig defaults() {
    return new EscalationConfig(null, null, null, null, null, null, null, 0, null, null, 0, 0, 0, 0, null, 0, 0, null);
  }
}
