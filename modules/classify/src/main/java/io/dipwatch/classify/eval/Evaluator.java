package io.dipwatch.classify.eval;

import io.dipwatch.classify.Classifier;
import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores a classifier against labelled items: per-category precision, recall and F1, macro-F1, false-positive
 * rate on items without labels, and actor precision/recall/F1 micro-averaged over item×actor pairs.
 */
public final class Evaluator {
  private Evaluator() {}

  public static EvalReport evaluate(Classifier classifier, List<GoldItem> gold) {
    Set<String> categories = new LinkedHashSet<>(classifier.categoryNames());
    gold.forEach(g -> categories.addAll(g.labels()));
    List<EvalReport.ItemResult> results = new ArrayList<>(gold.size());
    for (GoldItem g : gold) {
      ClassifiedEvent event = classifier.classify(g.toNewsItem());
      TreeSet<String> got = new TreeSet<>();
      for (CategoryScore c : event.getCategories()) {
        got.add(c.getName());
      }
      results.add(new EvalReport.ItemResult(g, new TreeSet<>(g.labels()), got, new TreeSet<>(g.actors()),
          new TreeSet<>(event.getActors()), event));
    }
    return new EvalReport(List.copyOf(categories), results);
  }
}
