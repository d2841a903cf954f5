package io.dipwatch.app;

import io.dipwatch.app.cli.BenchCommand;
import io.dipwatch.app.cli.ClassifyCommand;
import io.dipwatch.app.cli.EvalCommand;
import io.dipwatch.app.cli.ReplayCommand;
import io.dipwatch.app.cli.RulesCommand;
import io.dipwatch.app.cli.RunCommand;
import io.dipwatch.app.cli.SilenceCommand;
import io.dipwatch.core.serde.SchemaTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./dipwatch} launcher's entry point: one picocli command per DESIGN.md command. */
@Command(name = "dipwatch", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Watches the world's news for diplomatic events and raises escalation alerts.",
    subcommands = {RunCommand.class, ClassifyCommand.class, EvalCommand.class, ReplayCommand.class,
        BenchCommand.class, RulesCommand.class, SilenceCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  static {
    SchemaTrust.install();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call it to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("dipwatch " + cmd.getCommandName() + ": " + oneLine(e));
      return 1;
    });
    cli.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("dipwatch: " + e.getMessage() + " (see --help)");
      return 2;
    });
    return cli;
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
