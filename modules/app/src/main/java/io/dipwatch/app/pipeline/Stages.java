package io.dipwatch.app.pipeline;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.classify.Classifier;
import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.ingest.parse.ItemParser;
import java.util.List;

/** Builds the stage objects a command needs from the one config, so every command gets the same ones. */
public final class Stages {
  private Stages() {}

  /** The parser the ingest producers use for this format, with the configured limits. */
  public static ItemParser parser(String format, DipwatchConfig config) {
    if (!Formats.NAMES.contains(format)) {
      throw new IllegalArgumentException("unknown format '" + format + "'; known: " + String.join(", ", Formats.NAMES));
    }
    return Formats.parser(format, config.ingest().parseOptions());
  }

  /** The classifier the classify stream uses: shipped rules merged with the configured override files. */
  public static Classifier classifier(DipwatchConfig config) {
    return config.classify().classifier();
  }

  /** The categories of the configured taxonomy (per-category topics are created for each). */
  public static List<String> categories(DipwatchConfig config) {
    return classifier(config).categoryNames();
  }
}
