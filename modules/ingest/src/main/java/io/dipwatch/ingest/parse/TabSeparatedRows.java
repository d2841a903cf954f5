package io.dipwatch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * GDELT's tab-delimited files, one row per line, read line by line so that every row is checked on its own:
 * an oversized line, invalid UTF-8 or a wrong column count rejects that row only. Fields are split by
 * Apache Commons CSV ({@link CSVFormat#TDF} without quote handling: GDELT does not quote, and a stray quote
 * in an actor name must not swallow the following rows).
 */
final class TabSeparatedRows {
  static final CSVFormat FORMAT = CSVFormat.TDF.builder()
      .setQuote(null)
      .setIgnoreSurroundingSpaces(false)
      .setTrim(false)
      .setIgnoreEmptyLines(false)
      .get();

  /**
   * What a row handler gets: the fields and, for rejects, where the row came from and its raw bytes. A bad date
   * ({@link GdeltField.BadDate}) or another bad field ({@link IllegalArgumentException}) thrown here rejects the row
   * with that reason.
   */
  interface RowHandler {
    void row(CSVRecord fields, String where, byte[] raw);
  }

  private TabSeparatedRows() {}

  static void read(InputStream in, String origin, int expectedColumns, int maxLineBytes, ParseSink sink,
      RowHandler handler) throws IOException {
    LineReader lines = new LineReader(Archives.open(in), maxLineBytes);
    for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
      String where = origin + ":" + line.number();
      if (line.oversize()) {
        sink.reject(new Reject(where, line.bytes(), Reject.OVERSIZE,
            "row of " + line.length() + " bytes exceeds the limit of " + maxLineBytes + " bytes"));
        continue;
      }
      if (line.bytes().length == 0) {
        continue;
      }
      String text;
      try {
        text = line.utf8();
      } catch (CharacterCodingException e) {
        sink.reject(new Reject(where, line.bytes(), Reject.INVALID_UTF8, "row is not valid UTF-8"));
        continue;
      }
      CSVRecord record;
      try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
        List<CSVRecord> records = parser.getRecords();
        if (records.size() != 1) {
          sink.reject(new Reject(where, line.bytes(), Reject.BAD_COLUMNS, "not a single tab-separated row"));
          continue;
        }
        record = records.get(0);
      } catch (IOException | RuntimeException e) {
        sink.reject(new Reject(where, line.bytes(), Reject.BAD_COLUMNS, "unreadable row: " + e.getMessage()));
        continue;
      }
      if (record.size() != expectedColumns) {
        sink.reject(new Reject(where, line.bytes(), Reject.BAD_COLUMNS,
            "expected " + expectedColumns + " tab-separated columns, got " + record.size()));
        continue;
      }
      try {
        handler.row(record, where, line.bytes());
      } catch (GdeltField.BadDate e) {
        sink.reject(new Reject(where, line.bytes(), Reject.BAD_DATE, e.getMessage()));
      } catch (IllegalArgumentException e) {
        sink.reject(new Reject(where, line.bytes(), Reject.BAD_FIELD, e.getMessage()));
      }
    }
  }
}
