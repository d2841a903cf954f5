package io.dipwatch.classify.text;

import java.util.Arrays;

/**
 * A per-thread memo of raw lower-case tokens to their stems, looked up straight from the normaliser's char buffer:
 * news vocabulary is small, so after warm-up nearly every token is a hit, no string is built for the raw token and
 * the stemmer does not run, and the stem returned is one reused instance whose hash code is already cached for the
 * automaton's symbol lookup. Open addressing; the table is emptied when half full so its memory stays bounded.
 * Not thread-safe: {@link TextNormalizer} keeps one per thread.
 */
final class StemTable {
  private static final int CAPACITY = 1 << 15;
  private static final int MAX_TOKEN = 32;
  private static final int UNCODED = -1;
  private static final int MAX_KEPT_CHARS = 1 << 16;
  private final char[][] keys = new char[CAPACITY][];
  private final Thread owner = Thread.currentThread();
  private final String[] stems = new String[CAPACITY];
  private final int[] codes = new int[CAPACITY];
  private TokenCoder coder;
  private int size;
  private int lastCode;
  private char[] chars = new char[4096];

  /** A buffer of at least {@code length} chars for the normaliser's copy of the text (kept for reuse up to 64 K). */
  char[] chars(int length) {
    if (length > MAX_KEPT_CHARS) {
      return new char[length];
    }
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    return chars;
  }

  /**
   * The stem of {@code token[0..length)}; {@link #lastCode()} then holds the stem's code under {@code coder}, or 0
   * without one. Codes are memoised with the stems for one coder at a time: another non-null coder empties the table.
   */
  String stem(char[] token, int length, TokenCoder coder) {
    if (coder != null && coder != this.coder) {
      clear();
      this.coder = coder;
    }
    if (length > MAX_TOKEN) {
      String stem = LightStemmer.stem(new String(token, 0, length));
      lastCode = coder == null ? 0 : coder.code(stem);
      return stem;
    }
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + token[i];
    }
    int mask = CAPACITY - 1;
    int slot = (h ^ (h >>> 15)) & mask;
    while (true) {
      char[] key = keys[slot];
      if (key == null) {
        break;
      }
      if (key.length == length && sameChars(key, token, length)) {
        if (coder == null) {
          lastCode = 0;
        } else {
          if (codes[slot] == UNCODED) {
            codes[slot] = coder.code(stems[slot]);
          }
          lastCode = codes[slot];
        }
        return stems[slot];
      }
      slot = (slot + 1) & mask;
    }
    String stem = LightStemmer.stem(new String(token, 0, length));
    int code = coder == null ? UNCODED : coder.code(stem);
    if (size >= CAPACITY / 2) {
      clear();
      slot = (h ^ (h >>> 15)) & mask;
    }
    keys[slot] = Arrays.copyOf(token, length);
    stems[slot] = stem;
    codes[slot] = code;
    size++;
    lastCode = coder == null ? 0 : code;
    return stem;
  }

  private static boolean sameChars(char[] key, char[] token, int length) {
    for (int i = 0; i < length; i++) {
      if (key[i] != token[i]) {
        return false;
      }
    }
    return true;
  }

  /** The thread this table belongs to (the one that created it). */
  Thread owner() {
    return owner;
  }

  int lastCode() {
    return lastCode;
  }

  private void clear() {
    Arrays.fill(keys, null);
    Arrays.fill(stems, null);
    size = 0;
  }
}
