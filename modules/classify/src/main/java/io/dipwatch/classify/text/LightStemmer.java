package io.dipwatch.classify.text;

import java.util.Map;
import java.util.Set;

/**
 * Folds English inflections onto one form so that "sanction", "sanctions", "sanctioned" and "sanctioning"
 * meet in the automaton. It is applied identically to taxonomy phrases and to text, so the stems only have to
 * be consistent, not linguistically correct; it also folds British/American spellings (-ise/-ize, labour/labor).
 */
public final class LightStemmer {
  private static final Set<String> KEEP = Set.of("news", "series", "species", "always", "perhaps", "towards",
      "afterwards", "whereas", "chaos", "status", "bias", "atlas", "alias", "canvas", "christmas", "texas",
      "kansas", "arkansas", "honduras", "barbados", "bahamas", "cyprus", "belarus", "mauritius", "laos",
      "emirates", "comoros", "seychelles", "philippines", "netherlands", "maldives", "tuvalu", "kiribati",
      "paris", "tunis", "athens", "brussels", "damascus", "caracas", "lagos", "wales", "arms");
  private static final Map<String, String> SPELLING = Map.of(
      "labor", "labour", "laborer", "labourer", "programm", "program", "defenc", "defens", "centr", "center",
      "harbor", "harbour", "favor", "favour", "neighbor", "neighbour", "judgement", "judgment");

  private LightStemmer() {}

  /** The stem of one lower-case, diacritic-free token. */
  public static String stem(String w) {
    int n = w.length();
    if (n <= 3) {
      return w;
    }
    char lastChar = w.charAt(n - 1);
    if (lastChar < 'a' || lastChar > 'z' || (lastChar == 's' && KEEP.contains(w))) {
      return w;
    }
    char[] b = w.toCharArray();
    int len = n;
    if (ends(b, len, "ies") && n > 4 || ends(b, len, "ied") && n > 4) {
      len -= 2;
      b[len - 1] = 'y';
    } else if (ends(b, len, "eed")) {
      len -= 1;
    } else if (ends(b, len, "ing") && n > 5) {
      len -= 3;
    } else if (ends(b, len, "ed") && n > 4) {
      len -= 2;
    } else if (lastChar == 's' && !ends(b, len, "ss") && !ends(b, len, "us") && !ends(b, len, "is")) {
      len -= 1;
    }
    if (ends(b, len, "ization")) {
      b[len - 6] = 's';
    }
    if (len > 3 && b[len - 1] == 'e') {
      len -= 1;
    }
    if (len > 3 && b[len - 1] == 'z' && (b[len - 2] == 'i' || b[len - 2] == 'y')) {
      b[len - 1] = 's';
    }
    if (len > 3 && b[len - 1] == b[len - 2] && isConsonant(b[len - 1])) {
      len -= 1;
    }
    String s = len == n && sameChars(w, b, len) ? w : new String(b, 0, len);
    char first = s.charAt(0);
    if (first == 'l' || first == 'p' || first == 'd' || first == 'c' || first == 'h' || first == 'f' || first == 'n'
        || first == 'j') {
      String spelling = SPELLING.get(s);
      return spelling != null ? spelling : s;
    }
    return s;
  }

  private static boolean sameChars(String w, char[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (w.charAt(i) != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean ends(char[] b, int len, String suffix) {
    int k = suffix.length();
    if (len < k) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      if (b[len - k + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isConsonant(char c) {
    return c >= 'a' && c <= 'z' && "aeiou".indexOf(c) < 0;
  }
}
