package io.dipwatch.classify.eval;

import io.dipwatch.schema.CategoryScore;
import io.dipwatch.schema.ClassifiedEvent;
import io.dipwatch.schema.Span;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The outcome of an evaluation; {@link #render()} ends with exactly the two lines DESIGN.md fixes. */
public final class EvalReport {
  private final List<String> categories;
  private final List<ItemResult> items;

  /** One item: expected and predicted categories and actors, and the event with its evidence. */
  public record ItemResult(GoldItem gold, Set<String> expected, Set<String> got, Set<String> expectedActors,
      Set<String> gotActors, ClassifiedEvent event) {
    boolean categoriesRight() {
      return expected.equals(got);
    }

    boolean actorsRight() {
      return expectedActors.equals(gotActors);
    }
  }

  /** Precision, recall, F1 and support of one category (F1 of a category with no support and no calls is 1). */
  public record Score(String name, int tp, int fp, int fn, int support) {
    public double precision() {
      return tp + fp == 0 ? (fn == 0 ? 1.0 : 0.0) : tp / (double) (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 1.0 : tp / (double) (tp + fn);
    }

    public double f1() {
      if (tp == 0) {
        return fp == 0 && fn == 0 ? 1.0 : 0.0;
      }
      return 2 * precision() * recall() / (precision() + recall());
    }
  }

  EvalReport(List<String> categories, List<ItemResult> items) {
    this.categories = categories;
    this.items = items;
  }

  public List<ItemResult> items() {
    return items;
  }

  public Score category(String name) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int support = 0;
    for (ItemResult r : items) {
      boolean want = r.expected().contains(name);
      boolean got = r.got().contains(name);
      support += want ? 1 : 0;
      tp += want && got ? 1 : 0;
      fp += !want && got ? 1 : 0;
      fn += want && !got ? 1 : 0;
    }
    return new Score(name, tp, fp, fn, support);
  }

  /** Mean F1 over the categories that have support in the gold data or were predicted. */
  public double macroF1() {
    double sum = 0;
    int n = 0;
    for (String c : categories) {
      Score s = category(c);
      if (s.support() > 0 || s.fp() > 0) {
        sum += s.f1();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Share of the items without any label that got at least one category. */
  public double noLabelFalsePositiveRate() {
    long none = items.stream().filter(r -> r.expected().isEmpty()).count();
    long flagged = items.stream().filter(r -> r.expected().isEmpty() && !r.got().isEmpty()).count();
    return none == 0 ? 0 : flagged / (double) none;
  }

  public long noLabelItems() {
    return items.stream().filter(r -> r.expected().isEmpty()).count();
  }

  /** Actor precision/recall/F1, micro-averaged over item×actor pairs. */
  public Score actors() {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int support = 0;
    for (ItemResult r : items) {
      for (String a : r.gotActors()) {
        if (r.expectedActors().contains(a)) {
          tp++;
        } else {
          fp++;
        }
      }
      for (String a : r.expectedActors()) {
        support++;
        if (!r.gotActors().contains(a)) {
          fn++;
        }
      }
    }
    return new Score("actors", tp, fp, fn, support);
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "items: %d (without labels: %d)%n%n", items.size(), noLabelItems()));
    out.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %8s %5s %5s%n", "category", "precision", "recall", "f1",
        "support", "fp", "fn"));
    for (String c : categories) {
      Score s = category(c);
      out.append(String.format(Locale.ROOT, "%-22s %9.3f %9.3f %9.3f %8d %5d %5d%n", c, s.precision(), s.recall(),
          s.f1(), s.support(), s.fp(), s.fn()));
    }
    Score a = actors();
    out.append(String.format(Locale.ROOT, "%-22s %9.3f %9.3f %9.3f %8d %5d %5d%n", "actors (item x actor)",
        a.precision(), a.recall(), a.f1(), a.support(), a.fp(), a.fn()));
    out.append(String.format(Locale.ROOT, "%nfalse-positive rate on items without labels: %.3f (%d of %d)%n",
        noLabelFalsePositiveRate(), items.stream().filter(r -> r.expected().isEmpty() && !r.got().isEmpty()).count(),
        noLabelItems()));
    List<ItemResult> wrong = items.stream().filter(r -> !r.categoriesRight()).toList();
    out.append(String.format(Locale.ROOT, "%nmisclassified items (%d):%n", wrong.size()));
    for (ItemResult r : wrong) {
      out.append(String.format(Locale.ROOT, "- %s  %s%n    expected %s, got %s%n", r.gold().id(), r.gold().title(),
          r.expected(), r.got()));
      for (CategoryScore c : r.event().getCategories()) {
        StringBuilder spans = new StringBuilder();
        for (Span s : c.getEvidence()) {
          if (spans.length() > 0) {
            spans.append("; ");
          }
          spans.append('"').append(s.getText()).append('"').append(" @").append(s.getField()).append(':')
              .append(s.getStart()).append('-').append(s.getEnd());
          if (s.getRule() != null) {
            spans.append(" [").append(s.getRule()).append(']');
          }
        }
        out.append(String.format(Locale.ROOT, "    %s %.3f: %s%n", c.getName(), c.getScore(), spans));
      }
    }
    List<ItemResult> wrongActors = items.stream().filter(r -> !r.actorsRight()).toList();
    out.append(String.format(Locale.ROOT, "%nitems with actor errors (%d):%n", wrongActors.size()));
    for (ItemResult r : wrongActors) {
      Set<String> missing = new TreeSet<>(r.expectedActors());
      missing.removeAll(r.gotActors());
      Set<String> extra = new TreeSet<>(r.gotActors());
      extra.removeAll(r.expectedActors());
      out.append(String.format(Locale.ROOT, "- %s  missing %s, extra %s  (%s)%n", r.gold().id(), missing, extra,
          r.gold().title()));
    }
    out.append(String.format(Locale.ROOT, "%nmacro-F1: %.3f%nactor-F1: %.3f%n", macroF1(), a.f1()));
    return out.toString();
  }
}
