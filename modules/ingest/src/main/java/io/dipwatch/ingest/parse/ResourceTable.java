package io.dipwatch.ingest.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated lookup tables shipped as resources (CAMEO and GDELT code tables): mappings are kept as
 * reviewable data rather than code. Blank lines and lines starting with {@code #} are comments; every other line
 * must have exactly the expected number of fields, or loading fails loudly at start-up.
 */
final class ResourceTable {
  private ResourceTable() {}

  static List<String[]> rows(String resource, int fields) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = ResourceTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] row = line.split("\t", -1);
        if (row.length != fields) {
          throw new IllegalStateException(resource + ": expected " + fields + " tab-separated fields in: " + line);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
