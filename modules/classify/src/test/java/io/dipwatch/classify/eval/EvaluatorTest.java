package io.dipwatch.classify.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.classify.Classifier;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  static final String GOLD = """
      {"id":"g1","title":"EU imposes new sanctions on Russia","body":"","labels":["SANCTIONS"],"actors":["EU","RUS"]}
      {"id":"g2","title":"Spain recognises the State of Palestine","body":"","labels":["RECOGNITION"],"actors":["ESP","PSE"]}

      {"id":"g3","title":"Central bank holds rates","body":"Inflation eased.","labels":[],"actors":[],"extra":1}
      {"id":"g4","title":"Japan to admit more foreign workers","body":"","labels":["LABOUR_MIGRATION","SANCTIONS"],"actors":["JPN","CHN"]}
      """;

  @Test
  void scoresCategoriesActorsAndRendersTheContractLines() throws Exception {
    List<GoldItem> gold = GoldItem.readJsonl(new StringReader(GOLD), "inline");
    assertThat(gold).hasSize(4);
    EvalReport report = Evaluator.evaluate(Classifier.fromDefaults(), gold);

    assertThat(report.category("SANCTIONS").tp()).isEqualTo(1);
    assertThat(report.category("SANCTIONS").fn()).isEqualTo(1);
    assertThat(report.category("SANCTIONS").recall()).isEqualTo(0.5);
    assertThat(report.category("RECOGNITION").f1()).isEqualTo(1.0);
    assertThat(report.noLabelFalsePositiveRate()).isZero();
    assertThat(report.actors().fn()).isEqualTo(1);
    assertThat(report.actors().fp()).isZero();

    String text = report.render();
    assertThat(text).contains("g4", "Japan to admit more foreign workers", "expected [LABOUR_MIGRATION, SANCTIONS]",
        "missing [CHN]");
    String[] lines = text.strip().split("\n");
    assertThat(lines[lines.length - 2]).isEqualTo(String.format(java.util.Locale.ROOT, "macro-F1: %.3f", report.macroF1()));
    assertThat(lines[lines.length - 1]).isEqualTo(String.format(java.util.Locale.ROOT, "actor-F1: %.3f", report.actors().f1()));
  }

  @Test
  void malformedLineIsReportedWithItsNumber() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GoldItem.readJsonl(new StringReader("{\"id\":\"a\"}\n{oops"), "f"))
        .hasMessageContaining("f line 2");
  }
}
