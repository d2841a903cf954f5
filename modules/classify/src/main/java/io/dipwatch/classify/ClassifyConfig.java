package io.dipwatch.classify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the classify stage, bindable from the app's YAML config.
 *
 * @param taxonomyFile user taxonomy merged over the shipped one (null: shipped only)
 * @param gazetteerFile user gazetteer merged over the shipped one (null: shipped only)
 * @param dedupWindow how long a story fingerprint stays findable for syndicated copies
 * @param simhashMaxDistance largest Hamming distance between two 64-bit SimHashes of one story (at most 10)
 * @param minShingles items with fewer word shingles than this only join a story on an identical fingerprint
 * @param maxCandidatesPerBand fingerprints kept per band value (newest first) in the story store
 * @param emitUncategorised also write items without any category to the classified topic
 * @param purgeInterval how often expired fingerprints are purged from the store (wall-clock punctuation)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifyConfig(
    Path taxonomyFile,
    Path gazetteerFile,
    Duration dedupWindow,
    int simhashMaxDistance,
    int minShingles,
    int maxCandidatesPerBand,
    boolean emitUncategorised,
    Duration purgeInterval) {

  public ClassifyConfig {
    dedupWindow = dedupWindow == null ? Duration.ofDays(7) : dedupWindow;
    simhashMaxDistance = simhashMaxDistance <= 0 ? 5 : Math.min(simhashMaxDistance, 10);
    minShingles = minShingles <= 0 ? 12 : minShingles;
    maxCandidatesPerBand = maxCandidatesPerBand <= 0 ? 32 : maxCandidatesPerBand;
    purgeInterval = purgeInterval == null ? Duration.ofMinutes(10) : purgeInterval;
  }

  public static ClassifyConfig defaults() {
    return new ClassifyConfig(null, null, Duration.ofDays(7), 5, 12, 32, false, Duration.ofMinutes(10));
  }

  /** The classifier these settings describe: shipped rules merged with the override files. */
  public Classifier classifier() {
    return Classifier.fromFiles(taxonomyFile, gazetteerFile);
  }

  public ClassifyConfig withEmitUncategorised(boolean emit) {
    return new ClassifyConfig(taxonomyFile, gazetteerFile, dedupWindow, simhashMaxDistance, minShingles,
        maxCandidatesPerBand, emit, purgeInterval);
  }
}
