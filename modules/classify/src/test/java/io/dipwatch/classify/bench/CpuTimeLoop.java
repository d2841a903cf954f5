package io.dipwatch.classify.bench;

import io.dipwatch.classify.Classifier;
import io.dipwatch.schema.NewsItem;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Items per CPU-second of the classifying thread on the benchmark corpus: on a shared machine wall-clock JMH figures
 * swing with other load, CPU time of the one thread much less. A companion to {@link ClassifierBench} for quick
 * before/after comparisons during speed work; run by hand: {@code java -cp <test classpath>
 * io.dipwatch.classify.bench.CpuTimeLoop [seconds] [rounds]}.
 */
public final class CpuTimeLoop {
  private CpuTimeLoop() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Classifier classifier = Classifier.fromDefaults();
    List<NewsItem> items = ClassifierBench.corpus(ClassifierBench.BATCH);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] rates = new double[rounds];
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long wallEnd = System.nanoTime() + seconds * 1_000_000_000L;
      long done = 0;
      while (System.nanoTime() < wallEnd) {
        for (NewsItem item : items) {
          sink += classifier.classify(item).getActorMentions().size();
        }
        done += items.size();
      }
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      rates[r] = done / cpuSeconds;
      System.out.printf(Locale.ROOT, "round %2d: %,8.0f items per CPU-second%n", r + 1, rates[r]);
    }
    double[] measured = Arrays.copyOfRange(rates, rounds / 2, rounds);
    Arrays.sort(measured);
    System.out.printf(Locale.ROOT, "median of the last %d rounds: %,.0f items per CPU-second (sink %d)%n",
        measured.length, measured[measured.length / 2], sink);
  }
}
