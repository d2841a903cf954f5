package io.dipwatch.classify.bench;

import io.dipwatch.classify.Classifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The baseline the benchmark compares against: one case-insensitive java.util.regex pattern per taxonomy phrase,
 * tried one after another over the raw text (what a keyword classifier without an automaton does).
 */
public final class NaiveRegexClassifier {
  private record Term(String category, Pattern pattern) {}

  private final List<Term> terms = new ArrayList<>();

  public NaiveRegexClassifier(Classifier source) {
    for (Map.Entry<String, List<String>> category : source.termsByCategory().entrySet()) {
      for (String phrase : category.getValue()) {
        String regex = "\\b" + Pattern.quote(phrase) + "\\w*";
        terms.add(new Term(category.getKey(), Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
      }
    }
  }

  public int patternCount() {
    return terms.size();
  }

  /** The categories with at least one matching phrase. */
  public List<String> classify(String title, String body) {
    String text = title + "\n" + body;
    List<String> hits = new ArrayList<>();
    for (Term term : terms) {
      if (!hits.contains(term.category()) && term.pattern().matcher(text).find()) {
        hits.add(term.category());
      }
    }
    return hits;
  }
}
