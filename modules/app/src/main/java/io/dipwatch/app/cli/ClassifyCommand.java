package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.app.pipeline.Stages;
import io.dipwatch.classify.Classifier;
import io.dipwatch.core.json.Json;
import io.dipwatch.core.json.RecordJson;
import io.dipwatch.ingest.parse.ItemParser;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Offline classification: the stream's parsers and classifier over a file, no broker. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify items offline (no broker): categories with evidence, actors, story ids.")
public final class ClassifyCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "Input file, or - for stdin.")
  String in;

  @Option(names = "--out", defaultValue = "-", paramLabel = "FILE|-",
      description = "Output JSON lines file, or - for stdout (default).")
  String out;

  @Option(names = "--format", defaultValue = "jsonl", paramLabel = "F",
      description = "Input format: jsonl (default), rss (RSS 2.0 / Atom), gdelt-events, gdelt-gkg.")
  String format;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws IOException {
    DipwatchConfig cfg = config.load();
    ItemParser parser = Stages.parser(format, cfg);
    Classifier classifier = Stages.classifier(cfg);
    int[] counts = new int[2];
    try (InputStream input = Io.open(in); Writer writer = Io.create(out)) {
      parser.parse(input, in.equals("-") ? "stdin" : in, new ParseSink() {
        @Override
        public void item(NewsItem item) {
          try {
            writer.write(Json.mapper().writeValueAsString(RecordJson.classified(classifier.classify(item))));
            writer.write('\n');
            counts[0]++;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void reject(Reject reject) {
          counts[1]++;
          System.err.println("rejected " + reject.origin() + ": " + reject.reason() + " [" + reject.errorClass() + "]");
        }
      });
    }
    System.err.printf("classified %d items, rejected %d%n", counts[0], counts[1]);
    if (counts[0] == 0 && counts[1] > 0) {
      System.err.println("dipwatch classify: no usable item in " + in);
      return 1;
    }
    return 0;
  }
}
