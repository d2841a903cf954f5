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

  public DipwatchConfig load() throws IOException {
    if (file != null) {
      return DipwatchConfig.load(file);
    }
    return Files.isRegularFile(DEFAULT_FILE) ? DipwatchConfig.load(DEFAULT_FILE) : DipwatchConfig.defaults();
  }
}
