package io.dipwatch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property: whatever bytes a parser is fed — random noise, or a valid fixture mutated by flipping, deleting,
 * duplicating or splicing bytes — it returns normally, and every output is either a well-formed item or a
 * reject with a class and a reason. Inputs come from fixed seeds, so a failure names its seed and replays.
 */
class ParserFuzzTest {
  private static final int CASES_PER_FORMAT = 250;
  private static final Map<String, String> SEEDS_BY_FORMAT = Map.of(
      "jsonl", "items-mixed.jsonl",
      "rss", "rss2-world.xml",
      "gdelt-events", "gdelt-events-sample.export.CSV",
      "gdelt-gkg", "gdelt-gkg-sample.gkg.csv");
  private static final List<String> EXTRA_RSS_SEEDS = List.of("atom-world.xml", "xxe.xml");

  @TestFactory
  Stream<DynamicTest> parsersNeverThrowAndOnlyEmitWellFormedItemsOrRejects() {
    return SEEDS_BY_FORMAT.entrySet().stream().flatMap(e -> {
      String format = e.getKey();
      List<byte[]> corpus = new ArrayList<>(List.of(Fixtures.bytes(e.getValue())));
      if (format.equals("rss")) {
        EXTRA_RSS_SEEDS.forEach(f -> corpus.add(Fixtures.bytes(f)));
      }
      return IntStream.range(0, CASES_PER_FORMAT).mapToObj(seed -> DynamicTest.dynamicTest(
          format + " seed " + seed, () -> check(format, input(new SplittableRandom(seed * 7919L + format.hashCode()),
              corpus), seed)));
    });
  }

  private static void check(String format, byte[] input, int seed) {
    ParseSink.Collecting sink = ParseSink.collecting();
    ItemParser parser = Formats.parser(format, Fixtures.options().withMaxItemBytes(64 * 1024));
    assertThatCode(() -> parser.parse(new ByteArrayInputStream(input), "fuzz", sink))
        .as("%s seed %d", format, seed).doesNotThrowAnyException();
    assertThat(sink.items()).allSatisfy(item -> {
      assertThat(item.getId()).isNotBlank();
      assertThat(item.getSource()).isNotNull();
      assertThat(item.getTitle().isBlank() && item.getBody().isBlank()).isFalse();
      assertThat(item.getPublishedAt()).isNotNull();
    });
    assertThat(sink.rejects()).allSatisfy(r -> {
      assertThat(r.errorClass()).isNotBlank();
      assertThat(r.reason()).isNotBlank();
      assertThat(r.origin()).startsWith("fuzz");
    });
    if (!format.equals("rss")) {
      long lines = new String(input, StandardCharsets.ISO_8859_1).lines().count();
      assertThat(sink.items().size() + sink.rejects().size()).isLessThanOrEqualTo((int) lines);
    }
  }

  /** Random bytes, or a corpus file mutated a few times. */
  static byte[] input(SplittableRandom random, List<byte[]> corpus) {
    if (random.nextInt(10) == 0) {
      byte[] noise = new byte[random.nextInt(2048)];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (byte) random.nextInt(256);
      }
      return noise;
    }
    byte[] bytes = corpus.get(random.nextInt(corpus.size())).clone();
    int mutations = 1 + random.nextInt(8);
    for (int m = 0; m < mutations && bytes.length > 1; m++) {
      bytes = mutate(random, bytes);
    }
    return bytes;
  }

  private static byte[] mutate(SplittableRandom random, byte[] b) {
    int at = random.nextInt(b.length);
    switch (random.nextInt(6)) {
      case 0 -> {
        b[at] = (byte) random.nextInt(256);
        return b;
      }
      case 1 -> {
        int len = Math.min(b.length - at, 1 + random.nextInt(64));
        return concat(slice(b, 0, at), slice(b, at + len, b.length));
      }
      case 2 -> {
        int len = Math.min(b.length - at, 1 + random.nextInt(256));
        return concat(slice(b, 0, at + len), slice(b, at, b.length));
      }
      case 3 -> {
        return slice(b, 0, at);
      }
      case 4 -> {
        byte[] token = switch (random.nextInt(6)) {
          case 0 -> "\t".getBytes();
          case 1 -> "\n".getBytes();
          case 2 -> "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>".getBytes();
          case 3 -> "\"publishedAt\":\"2025-02-29T25:61:00Z\",".getBytes();
          case 4 -> new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
          default -> "&amp;&#0;]]><![CDATA[".getBytes();
        };
        return concat(concat(slice(b, 0, at), token), slice(b, at, b.length));
      }
      default -> {
        int other = random.nextInt(b.length);
        byte tmp = b[at];
        b[at] = b[other];
        b[other] = tmp;
        return b;
      }
    }
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, Math.max(from, to));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
