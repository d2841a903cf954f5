package io.dipwatch.classify.story;

import io.dipwatch.classify.text.NormalizedText;
import io.dipwatch.classify.text.TextNormalizer;

/**
 * 64-bit SimHash over word 3-shingles of the normalised text: near-identical texts (a syndicated wire story with
 * light edits) land a few bits apart, unrelated texts about 32 bits apart. Headlines are the part outlets rewrite
 * most, so an item with a body of at least {@link #BODY_ONLY_SHINGLES} shingles is fingerprinted on its body alone;
 * shorter items on title and body together.
 */
public final class SimHash {
  /** Words per shingle. */
  public static final int SHINGLE = 3;
  /** Bodies with at least this many shingles are fingerprinted without their title. */
  public static final int BODY_ONLY_SHINGLES = 40;

  private SimHash() {}

  /** A fingerprint and the number of shingles it was computed from (few shingles: a weak fingerprint). */
  public record Fingerprint(long bits, int shingles) {
    public String hex() {
      return String.format("%016x", bits);
    }

    /**
     * Band {@code i} of {@code count} roughly equal slices of the 64 bits: two fingerprints at most
     * {@code count - 1} bits apart agree on at least one band (pigeonhole), so bands index near neighbours.
     */
    public long band(int i, int count) {
      int from = i * 64 / count;
      int to = (i + 1) * 64 / count;
      long mask = to - from == 64 ? -1L : (1L << (to - from)) - 1;
      return (bits >>> from) & mask;
    }
  }

  public static Fingerprint of(String title, String body) {
    NormalizedText bodyText = TextNormalizer.normalize(body == null ? "" : body);
    if (bodyText.size() - SHINGLE + 1 >= BODY_ONLY_SHINGLES) {
      return of(bodyText);
    }
    return of(TextNormalizer.normalize((title == null ? "" : title) + "\n" + (body == null ? "" : body)));
  }

  private static Fingerprint of(NormalizedText text) {
    int n = text.size();
    int[] counts = new int[64];
    int shingles = 0;
    for (int i = 0; i + SHINGLE <= Math.max(n, SHINGLE); i++) {
      long h = 0xcbf29ce484222325L;
      for (int k = i; k < Math.min(i + SHINGLE, n); k++) {
        String token = text.token(k);
        for (int c = 0; c < token.length(); c++) {
          h ^= token.charAt(c);
          h *= 0x100000001b3L;
        }
        h ^= ' ';
        h *= 0x100000001b3L;
      }
      if (n == 0) {
        break;
      }
      h = mix(h);
      for (int b = 0; b < 64; b++) {
        counts[b] += ((h >>> b) & 1L) == 1L ? 1 : -1;
      }
      shingles++;
    }
    long bits = 0;
    for (int b = 0; b < 64; b++) {
      if (counts[b] > 0) {
        bits |= 1L << b;
      }
    }
    return new Fingerprint(bits, shingles);
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
