package io.dipwatch.classify.bench;

import io.dipwatch.classify.Classifier;
import io.dipwatch.classify.rules.RuleDocuments;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.NewsItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH benchmark of the classifier on ~1.5 KB news items against a naive per-phrase regex classifier built from the
 * same taxonomy. One thread, so the figures are items per second per core. Ten warm-up iterations: on a shared
 * machine the JIT is still compiling the classifier after five (measured iterations kept climbing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifierBench {
  /** Items classified per benchmark invocation. */
  public static final int BATCH = 64;
  /** Target item size in characters. */
  public static final int ITEM_CHARS = 1536;

  Classifier classifier;
  NaiveRegexClassifier naive;
  List<NewsItem> items;

  @Setup
  public void setUp() {
    classifier = Classifier.fromDefaults();
    naive = new NaiveRegexClassifier(classifier);
    items = corpus(BATCH);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void automatonClassifier(Blackhole bh) {
    for (NewsItem item : items) {
      ClassifiedEvent e = classifier.classify(item);
      bh.consume(e);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void naiveRegexClassifier(Blackhole bh) {
    for (NewsItem item : items) {
      bh.consume(naive.classify(item.getTitle(), item.getBody()));
    }
  }

  /** Deterministic ~1.5 KB items mixing category-bearing and plain news paragraphs. */
  public static List<NewsItem> corpus(int count) {
    String[] paragraphs = RuleDocuments.resource("/bench/paragraphs.txt").strip().split("\n");
    List<NewsItem> out = new ArrayList<>(count);
    Instant at = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < count; i++) {
      StringBuilder body = new StringBuilder(ITEM_CHARS + 400);
      int p = i;
      while (body.length() < ITEM_CHARS - 100) {
        body.append(paragraphs[p % paragraphs.length]).append(' ');
        p += 3;
      }
      String title = paragraphs[(i * 7) % paragraphs.length].substring(0, 60);
      out.add(NewsItem.newBuilder().setId("bench-" + i).setTitle(title).setBody(body.toString().strip())
          .setSource("bench").setPublishedAt(at).setFetchedAt(at).build());
    }
    return out;
  }

  /**
   * Runs both benchmarks and prints items/s per core. Arguments: {@code --quick} for a shorter run
   * (3 warm-ups of 2 s, 3 measurements of 1 s; the JIT needs the warm-up, shorter runs under-report).
   */
  public static void main(String[] args) throws RunnerException {
    boolean quick = List.of(args).contains("--quick");
    OptionsBuilder builder = new OptionsBuilder();
    builder.include(ClassifierBench.class.getName() + "\\.");
    if (quick) {
      builder.warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
          .measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    double ours = 0;
    double regex = 0;
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      if (label.endsWith("automatonClassifier")) {
        ours = score;
      } else if (label.endsWith("naiveRegexClassifier")) {
        regex = score;
      }
    }
    System.out.printf(Locale.ROOT, "item size: ~%d chars, taxonomy phrases: %d%n", ITEM_CHARS,
        new NaiveRegexClassifier(Classifier.fromDefaults()).patternCount());
    System.out.printf(Locale.ROOT, "classifier (Aho–Corasick automaton, categories + actors + evidence): %,.0f items/s per core%n", ours);
    System.out.printf(Locale.ROOT, "naive regex (categories only): %,.0f items/s per core%n", regex);
    System.out.printf(Locale.ROOT, "speed-up: %.1fx%n", regex == 0 ? 0 : ours / regex);
  }
}
