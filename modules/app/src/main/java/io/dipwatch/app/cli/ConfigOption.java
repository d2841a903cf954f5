package io.dipwatch.app.cli;

import io.dipwatch.app.DipwatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares; without it ./dipwatch.yaml is read when present. */
public final class ConfigOption {
  static final Path DEFAULT_FILE = Path.of("dipwatch.yaml");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "YAML config file (default: ./dipwatch.yaml if present, else built-in defaults).")
  Path file;

  /** The config file over the defaults, with secrets and URLs from the environment applied last. */
  public DipwatchConfig load() throws IOException {
    DipwatchConfig config = file != null ? DipwatchConfig.load(file)
        : Files.isRegularFile(DEFAULT_FILE) ? DipwatchConfig.load(DEFAULT_FILE) : DipwatchConfig.defaults();
    return config.withDeliver(config.deliver().withEnvironment(System.getenv()));
  }
}
