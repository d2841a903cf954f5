package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dipwatch.ingest.parse.Fixtures;
import io.dipwatch.ingest.parse.Formats;
import io.dipwatch.schema.NewsItem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSourceTest {
  private final TestPublisher t = new TestPublisher();
  private final JsonLinesSource source =
      new JsonLinesSource(Formats.parser("jsonl", Fixtures.options()), t.publisher, "jsonl", Fixtures.CLOCK);

  @Test
  void rereadingAFileNeverPublishesTwice(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("items.jsonl");
    Files.write(file, Fixtures.bytes("items-mixed.jsonl"));
    var first = source.readFile(file, Progress.silent());
    var second = source.readFile(file, Progress.silent());
    assertThat(first.published()).isEqualTo(3);
    assertThat(first.rejected()).isEqualTo(6);
    assertThat(second.fetched()).isEqualTo(3);
    assertThat(second.published()).isZero();
    assertThat(t.items()).hasSize(3);
  }

  @Test
  void readsAStream() throws Exception {
    var r = source.readStream(new ByteArrayInputStream("{\"title\":\"from stdin\"}\n".getBytes()), "stdin");
    assertThat(r.published()).isEqualTo(1);
    assertThat(t.items()).extracting(NewsItem::getFeed).containsExactly("stdin");
  }

  @Test
  void folderScanReadsNewAndGrownQuietFilesOnly(@TempDir Path dir) throws Exception {
    FileTime quiet = FileTime.from(Fixtures.NOW.minus(Duration.ofMinutes(1)));
    Path a = dir.resolve("a.jsonl");
    Files.writeString(a, "{\"title\":\"A1\"}\n");
    Files.setLastModifiedTime(a, quiet);
    Path hidden = dir.resolve(".partial.jsonl");
    Files.writeString(hidden, "{\"title\":\"hidden\"}\n");
    Files.setLastModifiedTime(hidden, quiet);
    Path busy = dir.resolve("b.jsonl");
    Files.writeString(busy, "{\"title\":\"still being written\"}\n");
    Files.setLastModifiedTime(busy, FileTime.from(Fixtures.NOW));

    assertThat(source.scan(dir)).isEqualTo(1);
    assertThat(source.scan(dir)).isZero();
    Files.writeString(a, "{\"title\":\"A1\"}\n{\"title\":\"A2\"}\n");
    Files.setLastModifiedTime(a, quiet);
    assertThat(source.scan(dir)).isEqualTo(1);
    assertThat(t.items()).extracting(NewsItem::getTitle).containsExactly("A1", "A2");
  }
}
