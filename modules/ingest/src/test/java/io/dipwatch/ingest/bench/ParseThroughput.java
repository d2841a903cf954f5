package io.dipwatch.ingest.bench;

import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.ingest.parse.ItemParser;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Prints parse throughput (items/s and MB/s) of each format on generated input: a benchmark, not a test.
 * Run: {@code java -cp <test classpath> io.dipwatch.ingest.bench.ParseThroughput}.
 */
public final class ParseThroughput {
  private ParseThroughput() {}

  public static void main(String[] args) throws IOException {
    byte[] jsonl = repeatLines(i -> "{\"title\":\"EU extends sanctions on Russia, item " + i
        + "\",\"body\":\"Brussels extended asset freezes and export controls against Moscow for another six months, "
        + "officials said on Monday.\",\"url\":\"https://www.example.com/news/" + i + "?utm_source=x\","
        + "\"source\":\"example.com\",\"publishedAt\":\"2025-03-01T10:00:00Z\",\"language\":\"en\"}", 200_000);
    byte[] events = repeatLines(i -> firstLine("gdelt-events-sample.export.CSV").replaceFirst("^\\d+", Long.toString(
        1_000_000_000L + i)), 200_000);
    byte[] gkg = repeatLines(i -> firstLine("gdelt-gkg-sample.gkg.csv").replace("north-korean-workers-russia",
        "story-" + i), 100_000);
    byte[] rss = feed(2_000);
    for (int round = 0; round < 2; round++) {
      String label = round == 0 ? "warm-up " : "";
      report(label + "jsonl", Formats.parser("jsonl"), jsonl);
      report(label + "gdelt-events", Formats.parser("gdelt-events"), events);
      report(label + "gdelt-gkg", Formats.parser("gdelt-gkg"), gkg);
      report(label + "rss", Formats.parser("rss"), rss);
    }
  }

  private static void report(String label, ItemParser parser, byte[] input) throws IOException {
    long[] counts = new long[2];
    long start = System.nanoTime();
    parser.parse(new ByteArrayInputStream(input), "bench", new ParseSink() {
      @Override
      public void item(NewsItem item) {
        counts[0]++;
      }

      @Override
      public void reject(Reject reject) {
        counts[1]++;
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-22s %,9d items %,6d rejects %8.2f s %,12.0f items/s %7.1f MB/s%n", label,
        counts[0], counts[1], seconds, counts[0] / seconds, input.length / seconds / 1e6);
  }

  private interface LineMaker {
    String line(int i);
  }

  private static byte[] repeatLines(LineMaker maker, int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      out.writeBytes((maker.line(i) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] feed(int entries) {
    StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
        + "<title>Bench</title><link>https://bench.example</link><description>d</description>");
    for (int i = 0; i < entries; i++) {
      s.append("<item><title>Item ").append(i).append(" on export controls</title><link>https://bench.example/")
          .append(i).append("</link><description>&lt;p&gt;Some &lt;b&gt;HTML&lt;/b&gt; body about sanctions.&lt;/p&gt;"
          + "</description><pubDate>Sat, 01 Mar 2025 10:15:00 GMT</pubDate></item>");
    }
    return s.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String firstLine(String fixture) {
    try (InputStream in = ParseThroughput.class.getResourceAsStream("/fixtures/" + fixture)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
