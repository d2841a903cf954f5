package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import io.dipwatch.escalate.SilenceCommands;
import io.dipwatch.schema.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Mutes delivery for a cluster key, actor or category for a while; the escalation history keeps the records. */
@Command(name = "silence", mixinStandardHelpOptions = true, description = "Add, list and remove silences.",
    subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Remove.class})
public final class SilenceCommand {

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a silence.")
  static final class Add implements Callable<Integer> {
    @Option(names = "--key", paramLabel = "KEY", description = "Cluster key, e.g. PRK|RUS.")
    String key;

    @Option(names = "--actor", paramLabel = "CODE", description = "Actor code, e.g. PRK.")
    String actor;

    @Option(names = "--category", paramLabel = "NAME", description = "Category, e.g. SANCTIONS.")
    String category;

    @Option(names = "--for", defaultValue = "P1D", paramLabel = "DURATION",
        description = "How long (ISO-8601, default P1D).")
    Duration duration;

    @Option(names = "--comment", defaultValue = "", description = "Why.")
    String comment;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOption cluster;

    @Override
    public Integer call() throws Exception {
      DipwatchConfig cfg = config.load();
      Silence s = SilenceCommands.silence(key, actor, category, Instant.now().plus(duration),
          System.getProperty("user.name", ""), comment);
      SilenceCommands.add(cluster.clientProps(cfg), cfg.topics(), s);
      System.out.println("silence " + s.getId() + " until " + s.getExpiresAt());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List silences.")
  static final class ListSilences implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOption cluster;

    @Override
    public Integer call() throws Exception {
      DipwatchConfig cfg = config.load();
      List<Silence> all = SilenceCommands.list(cluster.clientProps(cfg), cfg.topics());
      Instant now = Instant.now();
      for (Silence s : all) {
        System.out.printf("%s  key=%s actor=%s category=%s  until %s%s  %s%n", s.getId(), dash(s.getMatchKey()),
            dash(s.getActor()), dash(s.getCategory()), s.getExpiresAt(),
            s.getExpiresAt().isBefore(now) ? " (expired)" : "", s.getComment());
      }
      if (all.isEmpty()) {
        System.out.println("no silences");
      }
      return 0;
    }

    private static String dash(String s) {
      return s == null ? "-" : s;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a silence by id.")
  static final class Remove implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOption cluster;

    @Override
    public Integer call() throws Exception {
      DipwatchConfig cfg = config.load();
      SilenceCommands.remove(cluster.clientProps(cfg), cfg.topics(), id);
      System.out.println("removed silence " + id);
      return 0;
    }
  }
}
