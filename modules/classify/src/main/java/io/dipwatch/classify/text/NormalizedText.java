package io.dipwatch.classify.text;

import java.util.Arrays;

/**
 * A text reduced to stemmed, lower-case, diacritic-free tokens, with each token's place in the original text so
 * matches map back to evidence spans. The joined form ({@link #text()}) is built only when asked for.
 */
public final class NormalizedText {
  private final String original;
  private final int size;
  private final String[] tokens;
  private final int[] codes;
  private final int[] origStart;
  private final int[] origEnd;
  private final boolean[] possessive;
  /** Per token: how many stops (. ! ? ;) precede it in the original text. */
  private final int[] sentence;
  /** Indices of the tokens whose stem is four digits (possible years: "2019", "1990s"), in text order. */
  private final int[] fourDigitTokens;
  private final int fourDigitTokenCount;
  private String text;
  private int[] normStart;

  /** Arrays may be longer than {@code size}; only their first {@code size} entries are tokens. */
  NormalizedText(String original, int size, String[] tokens, int[] codes, int[] origStart, int[] origEnd,
      boolean[] possessive, int[] sentence, int[] fourDigitTokens, int fourDigitTokenCount) {
    this.original = original;
    this.size = size;
    this.tokens = tokens;
    this.codes = codes;
    this.origStart = origStart;
    this.origEnd = origEnd;
    this.possessive = possessive;
    this.sentence = sentence;
    this.fourDigitTokens = fourDigitTokens;
    this.fourDigitTokenCount = fourDigitTokenCount;
  }

  public String original() {
    return original;
  }

  /** The tokens joined by single spaces: the key form of phrases and aliases. */
  public String text() {
    if (text == null) {
      StringBuilder out = new StringBuilder(original.length());
      int[] starts = new int[size];
      for (int i = 0; i < size; i++) {
        if (i > 0) {
          out.append(' ');
        }
        starts[i] = out.length();
        out.append(tokens[i]);
      }
      normStart = starts;
      text = out.toString();
    }
    return text;
  }

  public int size() {
    return size;
  }

  /** The code the {@link TokenCoder} given to the normaliser assigned to token {@code i} (0 without one). */
  public int code(int i) {
    return codes[i];
  }

  public String token(int i) {
    return tokens[i];
  }

  /** Index of the token starting at offset {@code offset} of {@link #text()}, or -1 if none starts there. */
  public int tokenStartingAt(int offset) {
    text();
    int i = Arrays.binarySearch(normStart, 0, size, offset);
    return i >= 0 ? i : -1;
  }

  /** Start offset in the original text of token {@code i}. */
  public int originalStart(int i) {
    return origStart[i];
  }

  /** End offset (exclusive) in the original text of token {@code i}. */
  public int originalEnd(int i) {
    return origEnd[i];
  }

  /** The original text of tokens {@code from} (inclusive) to {@code to} (exclusive). */
  public String surface(int from, int to) {
    return original.substring(origStart[from], origEnd[to - 1]);
  }

  /**
   * Whether no sentence or clause stop (. ! ? ;) lies in the original text between token {@code last} and token
   * {@code next} (true when {@code next} is not after {@code last}); tokens never contain a stop, so this compares
   * the stop counts the normaliser kept instead of rescanning the text.
   */
  public boolean sameSentence(int last, int next) {
    return next <= last || sentence[last] == sentence[next];
  }

  /** Index of the sentence or clause (counted by stops . ! ? ;) that token {@code i} is in. */
  public int sentence(int i) {
    return sentence[i];
  }

  /** How many tokens are four digits (possible years): most texts have none or a few, so dates are looked up here. */
  public int fourDigitTokenCount() {
    return fourDigitTokenCount;
  }

  /** The index of the {@code k}-th four-digit token, in text order. */
  public int fourDigitToken(int k) {
    return fourDigitTokens[k];
  }

  /** Whether token {@code i} carried a possessive ending ("Moscow's"). */
  public boolean possessive(int i) {
    return possessive[i];
  }
}
