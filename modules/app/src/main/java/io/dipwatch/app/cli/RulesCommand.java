package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.classify.RulesPublisher;
import io.dipwatch.schema.RuleEntry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes a taxonomy or gazetteer file to the rules topic; running classifiers switch to it without restart. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Manage live classification rules.", subcommands = RulesCommand.Publish.class)
public final class RulesCommand {

  /** {@code rules publish --kind taxonomy FILE}. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Validate and publish a taxonomy or gazetteer YAML file to the compacted rules topic.")
  static final class Publish implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file.")
    Path file;

    @Option(names = "--kind", defaultValue = "taxonomy", paramLabel = "KIND",
        description = "taxonomy (default) or gazetteer.")
    String kind;

    @Option(names = "--rules-version", paramLabel = "V", description = "Version to record (default: the file's own).")
    String version;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOption cluster;

    @Override
    public Integer call() throws Exception {
      DipwatchConfig cfg = config.load();
      RulesPublisher.Kind k = switch (kind.toLowerCase(java.util.Locale.ROOT)) {
        case "taxonomy" -> RulesPublisher.Kind.TAXONOMY;
        case "gazetteer" -> RulesPublisher.Kind.GAZETTEER;
        default -> throw new IllegalArgumentException("--kind must be taxonomy or gazetteer, not " + kind);
      };
      RuleEntry entry = RulesPublisher.publish(cluster.clientProps(cfg), cfg.topics(), k, file, version);
      System.out.printf("published %s version %s to %s%n", entry.getKind(), entry.getVersion(), cfg.topics().rules.name());
      return 0;
    }
  }
}
