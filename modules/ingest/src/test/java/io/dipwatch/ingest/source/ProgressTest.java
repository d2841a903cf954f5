package io.dipwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final AtomicLong nanos = new AtomicLong();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Progress progress(boolean terminal, long total) {
    return new Progress("items.jsonl", total, new PrintStream(out, true, StandardCharsets.UTF_8), terminal,
        nanos::get, Duration.ofSeconds(1));
  }

  @Test
  void terminalShowsABarRateDoneTotalAndEta() {
    Progress p = progress(true, 4 * 1024 * 1024);
    nanos.set(Duration.ofSeconds(2).toNanos());
    p.update(2_000, 1024 * 1024);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("\ritems.jsonl [########......................]  25%")
        .contains("1.0 MB/4.0 MB").contains("2,000 items").contains("1,000 items/s").contains("ETA 0:06");
    p.close();
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(System.lineSeparator());
  }

  @Test
  void plainLinesAreRateLimitedAndCarryNoControlCharacters() {
    Progress p = progress(false, 1000);
    p.update(1, 10);
    nanos.set(Duration.ofMillis(500).toNanos());
    p.update(2, 20);
    nanos.set(Duration.ofMillis(1500).toNanos());
    p.update(3, 1000);
    p.close();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(2);
    assertThat(text).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(text.lines().toList().get(1)).contains("100%").contains("3 items").contains("done in 0:02");
  }

  @Test
  void unknownTotalShowsItemsAndRateOnly() {
    Progress p = progress(false, -1);
    nanos.set(Duration.ofSeconds(4).toNanos());
    p.update(400, 12345);
    assertThat(p.render()).isEqualTo("items.jsonl 400 items  100 items/s");
  }
}
