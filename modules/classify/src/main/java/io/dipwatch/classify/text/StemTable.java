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
  /** One object per distinct token: its key, stem and memoised code. */
  private final Entry[] entries = new Entry[CAPACITY];
  /** The hash of each slot's entry, so probing past other entries reads one int array, not their objects. */
  private final int[] hashes = new int[CAPACITY];
  private final Thread owner = Thread.currentThread();
  private TokenCoder coder;
  private int size;
  private int lastCode;
  private char[] chars = new char[4096];

  private static final class Entry {
    final char[] key;
    final String stem;
    int code;

    Entry(char[] key, String stem, int code) {
      this.key = key;
      this.stem = stem;
      this.code = code;
    }

    boolean is(char[] token, int length) {
      if (key.length != length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (key[i] != token[i]) {
          return false;
        }
      }
      return true;
    }
  }

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
   * The stem of {@code token[0..length)}, whose {@link #hash} the normaliser computed while reading it;
   * {@link #lastCode()} then holds the stem's code under {@code coder}, or 0 without one. Codes are memoised with the
   * stems for one coder at a time: another non-null coder empties the table.
   */
  String stem(char[] token, int length, int h, TokenCoder coder) {
    if (coder != null && coder != this.coder) {
      clear();
      this.coder = coder;
    }
    if (length > MAX_TOKEN) {
      String stem = LightStemmer.stem(new String(token, 0, length));
      lastCode = coder == null ? 0 : coder.code(stem);
      return stem;
    }
    int mask = CAPACITY - 1;
    int slot = slot(h);
    for (Entry e = entries[slot]; e != null; e = entries[slot]) {
      if (hashes[slot] == h && e.is(token, length)) {
        if (coder == null) {
          lastCode = 0;
        } else {
          if (e.code == UNCODED) {
            e.code = coder.code(e.stem);
          }
          lastCode = e.code;
        }
        return e.stem;
      }
      slot = (slot + 1) & mask;
    }
    String stem = LightStemmer.stem(new String(token, 0, length));
    int code = coder == null ? UNCODED : coder.code(stem);
    if (size >= CAPACITY / 2) {
      clear();
      slot = slot(h);
    }
    entries[slot] = new Entry(Arrays.copyOf(token, length), stem, code);
    hashes[slot] = h;
    size++;
    lastCode = coder == null ? 0 : code;
    return stem;
  }

  /**
   * Fibonacci hashing: the string hash of short words spans a narrow range, which {@code h & mask} would turn into
   * long runs of neighbouring slots under linear probing.
   */
  private static int slot(int h) {
    return (h * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(CAPACITY));
  }

  /** The hash {@link #stem} expects: start at 0, then {@code h = 31 * h + c} for every char of the token. */
  static int hash(int h, char c) {
    return 31 * h + c;
  }

  /** The thread this table belongs to (the one that created it). */
  Thread owner() {
    return owner;
  }

  int lastCode() {
    return lastCode;
  }

  private void clear() {
    Arrays.fill(entries, null);
    size = 0;
  }
}
