package io.dipwatch.app.cli;

import io.dipwatch.app.pipeline.Stages;
import io.dipwatch.classify.eval.EvalReport;
import io.dipwatch.classify.eval.Evaluator;
import io.dipwatch.classify.eval.GoldItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores the stream's classifier against a labelled file: per category, actors, and the errors with evidence. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Precision, recall and F1 per category and for actors on a labelled JSON-lines file.")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--gold", required = true, paramLabel = "FILE", description = "Labelled JSON lines (labels, actors).")
  Path gold;

  @Mixin
  ConfigOption config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(gold)) {
      throw new IllegalArgumentException("gold file not found: " + gold);
    }
    List<GoldItem> items = GoldItem.readJsonl(gold);
    EvalReport report = Evaluator.evaluate(Stages.classifier(config.load()), items);
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.render());
    out.flush();
    return 0;
  }
}
