package io.dipwatch.app.cli;

import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens the {@code --in}/{@code --out} arguments of the offline commands, where "-" means stdin/stdout. */
final class Io {
  private Io() {}

  static InputStream open(String in) throws IOException {
    if (in.equals("-")) {
      return System.in;
    }
    Path path = Path.of(in);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(in, null, "input file not found");
    }
    return Files.newInputStream(path);
  }

  static Writer create(String out) throws IOException {
    if (out.equals("-")) {
      return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }
    Path path = Path.of(out);
    if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
      throw new FileNotFoundException("output folder does not exist: " + path.getParent());
    }
    return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
  }
}
