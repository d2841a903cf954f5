package io.dipwatch.classify.bench;

import io.dipwatch.classify.Classifier;
import io.dipwatch.classify.eval.GoldItem;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.classify.story.SimHash;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Guards speed work on the engine: classifies every eval item and the benchmark corpus with frozen copies of the
 * rules and writes or compares one line per item (the whole event as Avro JSON with exact scores, evidence and actor
 * spans, plus the story fingerprint). Not a unit test (it needs the eval files and a snapshot); run by hand:
 * {@code java -cp <test classpath> io.dipwatch.classify.bench.OutputSnapshot write|check <rulesDir> <evalDir> <file>}.
 */
public final class OutputSnapshot {
  private static final int BENCH_ITEMS = 512;

  private OutputSnapshot() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4 || !(args[0].equals("write") || args[0].equals("check"))) {
      System.err.println("usage: OutputSnapshot write|check <rulesDir> <evalDir> <snapshot.jsonl>");
      System.exit(2);
    }
    Path rules = Path.of(args[1]);
    Classifier classifier = Classifier.of(
        RuleDocuments.parseTaxonomy(RuleDocuments.readFile(rules.resolve("taxonomy.yaml"))),
        RuleDocuments.parseGazetteer(RuleDocuments.readFile(rules.resolve("gazetteer.yaml"))))
        .withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    List<String> lines = new ArrayList<>();
    for (NewsItem item : items(Path.of(args[2]))) {
      lines.add(line(classifier, item));
    }
    Path snapshot = Path.of(args[3]);
    if (args[0].equals("write")) {
      Files.write(snapshot, lines);
      System.out.println("wrote " + lines.size() + " items to " + snapshot);
      return;
    }
    List<String> expected = Files.readAllLines(snapshot);
    int differing = 0;
    for (int i = 0; i < Math.max(expected.size(), lines.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "<missing>";
      String got = i < lines.size() ? lines.get(i) : "<missing>";
      if (!want.equals(got)) {
        if (differing++ < 5) {
          System.out.println("DIFF line " + (i + 1) + "\n  want " + want + "\n  got  " + got);
        }
      }
    }
    System.out.println("checked " + lines.size() + " items, " + differing + " differ");
    System.exit(differing == 0 ? 0 : 1);
  }

  private static List<NewsItem> items(Path evalDir) throws IOException {
    List<NewsItem> items = new ArrayList<>();
    try (Stream<Path> files = Files.list(evalDir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        GoldItem.readJsonl(file).forEach(gold -> items.add(gold.toNewsItem()));
      }
    }
    items.addAll(ClassifierBench.corpus(BENCH_ITEMS));
    return items;
  }

  private static String line(Classifier classifier, NewsItem item) {
    ClassifiedEvent event = classifier.classify(item);
    SimHash.Fingerprint fp = SimHash.of(item.getTitle(), item.getBody());
    StringBuilder scores = new StringBuilder();
    event.getCategories().forEach(c ->
        scores.append(c.getName()).append('=').append(Double.doubleToLongBits(c.getScore())).append(' '));
    return event + " exact[" + scores + "] simhash=" + fp.hex() + "/" + fp.shingles();
  }
}
