package io.dipwatch.ingest.source;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work (a replay or backfill of files): on a terminal a bar redrawn in place
 * ({@code [#####.....]  45%  12.3/27.1 MB  4,500 items  1,234 items/s  ETA 0:12}); elsewhere (CI logs, pipes)
 * a plain line every few seconds. Done/total and ETA are in bytes of input when the size is known (items per
 * file are not known in advance); the rate is in items. Thread-safe; redraws are rate-limited.
 */
public final class Progress implements AutoCloseable {
  private static final int BAR_WIDTH = 30;

  private final String label;
  private final long totalBytes;
  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long redrawNanos;
  private final long startNanos;
  private long items;
  private long bytes;
  private long lastDrawNanos;
  private boolean closed;

  /**
   * @param totalBytes size of the input, or -1 when unknown (stdin)
   * @param terminal draw a bar with carriage returns; otherwise print lines
   * @param redrawEvery least time between two outputs
   */
  public Progress(String label, long totalBytes, PrintStream out, boolean terminal, LongSupplier nanoTime,
      Duration redrawEvery) {
    this.label = label;
    this.totalBytes = totalBytes;
    this.out = out;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.redrawNanos = redrawEvery.toNanos();
    this.startNanos = nanoTime.getAsLong();
    this.lastDrawNanos = startNanos;
  }

  /** A bar on stderr when a console is attached, plain lines every 5 s otherwise. */
  public static Progress onStderr(String label, long totalBytes) {
    boolean terminal = System.console() != null;
    return new Progress(label, totalBytes, System.err, terminal, System::nanoTime,
        terminal ? Duration.ofMillis(200) : Duration.ofSeconds(5));
  }

  /** A progress that shows nothing. */
  public static Progress silent() {
    return new Progress("", -1, new PrintStream(java.io.OutputStream.nullOutputStream()), false, System::nanoTime,
        Duration.ofDays(1));
  }

  /** Reports the items done so far and the input bytes consumed so far. */
  public synchronized void update(long itemsDone, long bytesDone) {
    items = itemsDone;
    bytes = bytesDone;
    long now = nanoTime.getAsLong();
    if (now - lastDrawNanos >= redrawNanos) {
      lastDrawNanos = now;
      draw(now, false);
    }
  }

  /** The current line, as it would be drawn. */
  public synchronized String render() {
    return line(nanoTime.getAsLong());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    draw(nanoTime.getAsLong(), true);
  }

  private void draw(long now, boolean last) {
    String line = line(now);
    if (terminal) {
      out.print("\r" + line + "\u001b[K" + (last ? System.lineSeparator() : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  private String line(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = items / seconds;
    StringBuilder s = new StringBuilder();
    if (!label.isEmpty()) {
      s.append(label).append(' ');
    }
    boolean known = totalBytes > 0;
    double fraction = known ? Math.min(1.0, (double) bytes / totalBytes) : 0;
    if (known && terminal) {
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      s.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
    }
    if (known) {
      s.append(String.format(Locale.ROOT, "%3d%%  %s/%s  ", (int) Math.floor(fraction * 100), size(bytes),
          size(totalBytes)));
    }
    s.append(String.format(Locale.ROOT, "%,d items  %,.0f items/s", items, rate));
    if (known && bytes > 0 && bytes < totalBytes) {
      double bytesPerSecond = bytes / seconds;
      long eta = (long) Math.ceil((totalBytes - bytes) / bytesPerSecond);
      s.append("  ETA ").append(clock(eta));
    } else if (known && bytes >= totalBytes) {
      s.append("  done in ").append(clock((long) Math.ceil(seconds)));
    }
    return s.toString();
  }

  private static String size(long b) {
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f kB", b / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
  }

  private static String clock(long seconds) {
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long sec = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
