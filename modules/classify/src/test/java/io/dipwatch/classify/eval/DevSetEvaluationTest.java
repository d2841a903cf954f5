package io.dipwatch.classify.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dipwatch.classify.Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards against regressions on the development set (eval/dev.jsonl at the repository root): the floors sit
 * honestly below what the shipped rules measure (see the module report), so a rule change that loses ground fails.
 */
class DevSetEvaluationTest {
  static final Path DEV = Path.of("../../eval/dev.jsonl");

  @Test
  void shippedRulesStayAboveTheFloorsOnTheDevelopmentSet() {
    assumeTrue(Files.exists(DEV), "eval/dev.jsonl is part of the repository");
    List<GoldItem> gold = GoldItem.readJsonl(DEV);
    assertThat(gold).hasSizeGreaterThan(100);
    EvalReport report = Evaluator.evaluate(Classifier.fromDefaults(), gold);
    String rendered = report.render();
    assertThat(report.macroF1()).as(rendered).isGreaterThan(0.93);
    assertThat(report.actors().f1()).as(rendered).isGreaterThan(0.94);
    assertThat(report.noLabelFalsePositiveRate()).as(rendered).isLessThan(0.03);
    String[] lines = rendered.strip().split("\n");
    assertThat(lines[lines.length - 2]).matches("macro-F1: \\d\\.\\d{3}");
    assertThat(lines[lines.length - 1]).matches("actor-F1: \\d\\.\\d{3}");
  }
}
