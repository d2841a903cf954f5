package io.dipwatch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the tab-separated lookup tables shipped as resources (CAMEO and GDELT code tables): mappings are kept as
 * reviewable data rather than code. Blank lines and lines starting with {@code #} are comments; every other line
 * must have exactly the expected number of fields, or loading fails loudly at start-up.
 */
final class ResourceTable {
  private ResourceTable() {}

  /** GDELT's tab-separated format, with {@code #} comments and blank lines skipped. */
  private static final CSVFormat TABLE = TabSeparatedRows.FORMAT.builder()
      .setCommentMarker('#').setIgnoreEmptyLines(true).get();

  static List<String[]> rows(String resource, int fields) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = ResourceTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      for (CSVRecord record : TABLE.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (record.size() != fields) {
          throw new IllegalStateException(resource + ": expected " + fields + " tab-separated fields on line "
              + record.getRecordNumber() + ": " + String.join("\t", record.values()));
        }
        rows.add(record.values());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
