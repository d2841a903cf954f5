package io.dipwatch.classify.text;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Turns text into the token form shared by taxonomy phrases, gazetteer aliases and news text: Unicode folded
 * (diacritics stripped, typographic quotes and dashes folded), lower-cased, split on anything that is not a
 * letter or digit, possessive "'s" dropped (and remembered), every token passed through {@link LightStemmer}.
 */
public final class TextNormalizer {
  /** Folded form per UTF-16 unit, filled on first use (a racy but safe publication of immutable strings). */
  private static final String[] FOLDED = new String[Character.MAX_VALUE + 1];
  /** Per ASCII char: its lower-case form if it is a letter or digit, else 0 (one table read instead of range tests). */
  private static final char[] ASCII_WORD = asciiWordChars();
  private static final int[] NO_TOKENS = {};
  /** The longest HTML tag skipped as markup (an anchor with a long URL); a longer one is read as text. */
  private static final int MAX_TAG = 1024;
  private static final ThreadLocal<StemTable> STEMS = ThreadLocal.withInitial(StemTable::new);
  /** The table used last, checked before the thread-local map: a stream thread normalises item after item. */
  private static volatile StemTable lastUsed;

  private TextNormalizer() {}

  /** Normalises a whole text, keeping the offsets of every token in the original. */
  public static NormalizedText normalize(String original) {
    return normalize(original, null);
  }

  /**
   * Normalises a whole text and codes every token with {@code coder} ({@link NormalizedText#code(int)}); the codes
   * are memoised per thread with the stems, so pass one long-lived coder instance.
   */
  public static NormalizedText normalize(String original, TokenCoder coder) {
    String src = original == null ? "" : original;
    int n = src.length();
    int cap = Math.max(8, n / 5);
    String[] tokens = new String[cap];
    int[] codes = new int[cap];
    int[] origStart = new int[cap];
    int[] origEnd = new int[cap];
    boolean[] possessive = new boolean[cap];
    int[] sentence = new int[cap];
    int stops = 0;
    int[] fourDigit = NO_TOKENS;
    int fourDigitCount = 0;
    char[] token = new char[64];
    StemTable stems = stemTable();
    char[] chars = stems.chars(n);
    src.getChars(0, n, chars, 0);
    int length = 0;
    int hash = 0;
    int count = 0;
    int tokenStart = -1;
    int i = 0;
    while (i <= n) {
      char c = i < n ? chars[i] : ' ';
      if (c < 128) {
        char lower = ASCII_WORD[c];
        if (lower != 0) {
          if (tokenStart < 0) {
            tokenStart = i;
          }
          do {
            if (length == token.length) {
              token = Arrays.copyOf(token, length * 2);
            }
            token[length++] = lower;
            hash = StemTable.hash(hash, lower);
            i++;
          } while (i < n && (c = chars[i]) < 128 && (lower = ASCII_WORD[c]) != 0);
          continue;
        }
      } else {
        String folded = fold(c);
        if (folded.isEmpty()) {
          i++;
          continue;
        }
        if (Character.isLetterOrDigit(folded.charAt(0))) {
          if (tokenStart < 0) {
            tokenStart = i;
          }
          String lower = folded.toLowerCase(java.util.Locale.ROOT);
          if (length + lower.length() > token.length) {
            token = Arrays.copyOf(token, (length + lower.length()) * 2);
          }
          for (int k = 0; k < lower.length(); k++) {
            token[length++] = lower.charAt(k);
            hash = StemTable.hash(hash, lower.charAt(k));
          }
          i++;
          continue;
        }
      }
      int markupEnd = c == '<' || c == '&' ? markupEnd(chars, i, n) : i;
      if (markupEnd > i) {
        // A tag or character reference is not text: it ends the token like a space and is skipped whole.
        if (tokenStart < 0) {
          i = markupEnd;
          continue;
        }
        c = ' ';
      }
      if (tokenStart < 0) {
        stops += isStop(c) ? 1 : 0;
        i++;
        continue;
      }
      boolean isPossessive = false;
      int end = i;
      if (isApostrophe(c) && i + 1 < n && (chars[i + 1] == 's' || chars[i + 1] == 'S')
          && (i + 2 >= n || !Character.isLetterOrDigit(chars[i + 2]))) {
        isPossessive = true;
        i += 2;
      } else if (isApostrophe(c) && length > 1 && token[length - 1] == 's'
          && (i + 1 >= n || !Character.isLetterOrDigit(chars[i + 1]))) {
        isPossessive = true;
        i += 1;
      } else {
        i = Math.max(i + 1, markupEnd);
      }
      if (count == tokens.length) {
        int grow = count * 2;
        tokens = Arrays.copyOf(tokens, grow);
        codes = Arrays.copyOf(codes, grow);
        origStart = Arrays.copyOf(origStart, grow);
        origEnd = Arrays.copyOf(origEnd, grow);
        possessive = Arrays.copyOf(possessive, grow);
        sentence = Arrays.copyOf(sentence, grow);
      }
      String stem = stems.stem(token, length, hash, coder);
      tokens[count] = stem;
      if (stem.length() == 4 && isDigit(stem.charAt(0)) && isDigit(stem.charAt(1)) && isDigit(stem.charAt(2))
          && isDigit(stem.charAt(3))) {
        if (fourDigitCount == fourDigit.length) {
          fourDigit = Arrays.copyOf(fourDigit, Math.max(4, fourDigitCount * 2));
        }
        fourDigit[fourDigitCount++] = count;
      }
      codes[count] = stems.lastCode();
      origStart[count] = tokenStart;
      origEnd[count] = end;
      possessive[count] = isPossessive;
      sentence[count] = stops;
      stops += isStop(c) ? 1 : 0;
      count++;
      length = 0;
      hash = 0;
      tokenStart = -1;
    }
    return new NormalizedText(src, count, tokens, codes, origStart, origEnd, possessive, sentence, fourDigit, fourDigitCount);
  }

  private static char[] asciiWordChars() {
    char[] table = new char[128];
    for (char c = 'a'; c <= 'z'; c++) {
      table[c] = c;
      table[c - 32] = c;
    }
    for (char c = '0'; c <= '9'; c++) {
      table[c] = c;
    }
    return table;
  }

  private static StemTable stemTable() {
    StemTable last = lastUsed;
    if (last != null && last.owner() == Thread.currentThread()) {
      return last;
    }
    StemTable mine = STEMS.get();
    lastUsed = mine;
    return mine;
  }

  /**
   * {@code text[from..to)} folded and lower-cased like a token but not stemmed: tells apart words that share a stem
   * ("Poles" and "polls", "Finns" and "fines").
   */
  public static String foldedWord(String text, int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 128) {
        if (ASCII_WORD[c] != 0) {
          b.append(ASCII_WORD[c]);
        }
      } else {
        String folded = fold(c);
        if (!folded.isEmpty() && Character.isLetterOrDigit(folded.charAt(0))) {
          b.append(folded.toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return b.toString();
  }

  /** Normalises a taxonomy phrase or gazetteer alias to its key in the automaton. */
  public static String normalizePhrase(String phrase) {
    return normalize(phrase).text();
  }

  /**
   * The end of the markup starting at {@code chars[i]}, or {@code i} if none starts there: an HTML tag or comment
   * ({@code <} then a letter, {@code /} or {@code !}, up to the next {@code >} within {@link #MAX_TAG} chars) or a
   * character reference ({@code &amp;}, {@code &#8217;}, {@code &#x2019;}). "a < b" and "AT&T" are text.
   */
  static int markupEnd(char[] chars, int i, int n) {
    if (i + 2 >= n) {
      return i;
    }
    char next = chars[i + 1];
    if (chars[i] == '<') {
      if (!(isAsciiLetter(next) || next == '/' || next == '!')) {
        return i;
      }
      for (int k = i + 2, limit = Math.min(n, i + MAX_TAG); k < limit; k++) {
        if (chars[k] == '>') {
          return k + 1;
        }
        if (chars[k] == '<') {
          return i;
        }
      }
      return i;
    }
    int k = i + 1;
    boolean numeric = next == '#';
    if (numeric) {
      k++;
      if (k < n && (chars[k] == 'x' || chars[k] == 'X')) {
        k++;
      }
    }
    int start = k;
    while (k < n && k - start < 8 && (numeric ? isHexDigit(chars[k]) : isAsciiLetter(chars[k]))) {
      k++;
    }
    return k < n && chars[k] == ';' && k - start >= (numeric ? 1 : 2) ? k + 1 : i;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A sentence or clause stop, for {@link NormalizedText#sameSentence}. */
  private static boolean isStop(char c) {
    return c == '.' || c == '!' || c == '?' || c == ';';
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019' || c == '\u2018' || c == '\u02BC';
  }

  /** Folds one non-ASCII character: diacritics stripped, ligatures spelt out, punctuation kept as non-word. */
  static String fold(char c) {
    String cached = FOLDED[c];
    if (cached != null) {
      return cached;
    }
    String folded = switch (c) {
      case '\u00DF' -> "ss";
      case '\u00E6', '\u00C6' -> "ae";
      case '\u0153', '\u0152' -> "oe";
      case '\u00F8', '\u00D8' -> "o";
      case '\u0111', '\u0110', '\u00F0', '\u00D0' -> "d";
      case '\u0142', '\u0141' -> "l";
      case '\u0131' -> "i";
      case '\u00FE', '\u00DE' -> "th";
      default -> {
        if (Character.getType(c) == Character.NON_SPACING_MARK || Character.getType(c) == Character.FORMAT) {
          yield "";
        }
        if (!Character.isLetterOrDigit(c)) {
          yield " ";
        }
        String nfd = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(nfd.length());
        for (int k = 0; k < nfd.length(); k++) {
          char d = nfd.charAt(k);
          if (Character.getType(d) != Character.NON_SPACING_MARK) {
            b.append(d);
          }
        }
        yield b.length() == 0 ? " " : b.toString();
      }
    };
    FOLDED[c] = folded;
    return folded;
  }
}
