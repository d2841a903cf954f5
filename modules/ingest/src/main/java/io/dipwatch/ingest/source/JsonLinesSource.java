package io.dipwatch.ingest.source;

import io.dipwatch.ingest.NewsPublisher;
import io.dipwatch.ingest.parse.ItemParser;
import io.dipwatch.ingest.parse.ParseSink;
import io.dipwatch.ingest.parse.Reject;
import io.dipwatch.schema.NewsItem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files as a source: a file read once (with progress), a stream such as stdin, or a folder watched for new and
 * grown files. Watching is by periodic scan (robust on network and container file systems where inotify
 * events go missing): a file is read once it has been quiet for a second, and read again whole when it has
 * grown — the {@link NewsPublisher} drops the lines already published, so re-reading never duplicates.
 * The format is whichever parser is given (JSON lines by default, also GDELT files dropped into a folder).
 */
public final class JsonLinesSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesSource.class);
  private static final Duration QUIET = Duration.ofSeconds(1);

  /** What one read did. */
  public record ReadResult(long fetched, long published, long rejected) {}

  private record Seen(long size, long modifiedMs) {}

  private final ItemParser parser;
  private final NewsPublisher publisher;
  private final String sourceTag;
  private final Clock clock;
  private final Map<Path, Seen> processed = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  public JsonLinesSource(ItemParser parser, NewsPublisher publisher, String sourceTag) {
    this(parser, publisher, sourceTag, Clock.systemUTC());
  }

  public JsonLinesSource(ItemParser parser, NewsPublisher publisher, String sourceTag, Clock clock) {
    this.parser = parser;
    this.publisher = publisher;
    this.sourceTag = sourceTag;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dipwatch-file-source");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads a whole file, showing progress on stderr. */
  public ReadResult readFile(Path file) throws IOException {
    try (Progress progress = Progress.onStderr(file.getFileName().toString(), Files.size(file))) {
      return readFile(file, progress);
    }
  }

  public ReadResult readFile(Path file, Progress progress) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), progress);
    }
  }

  /** Reads a stream to its end (stdin, a pipe); the caller closes it. */
  public ReadResult readStream(InputStream in, String origin) throws IOException {
    try (Progress progress = Progress.onStderr(origin, -1)) {
      return read(in, origin, progress);
    }
  }

  private ReadResult read(InputStream raw, String origin, Progress progress) throws IOException {
    CountingInputStream in = new CountingInputStream(raw);
    long[] counts = new long[3];
    parser.parse(in, origin, new ParseSink() {
      @Override
      public void item(NewsItem item) {
        counts[0]++;
        if (publisher.publish(item, sourceTag) == NewsPublisher.Outcome.PUBLISHED) {
          counts[1]++;
        }
        progress.update(counts[0], in.count);
      }

      @Override
      public void reject(Reject reject) {
        counts[2]++;
        publisher.reject(reject, sourceTag);
        progress.update(counts[0], in.count);
      }
    });
    progress.update(counts[0], in.count);
    return new ReadResult(counts[0], counts[1], counts[2]);
  }

  /** Scans the folder now and then every {@code scanInterval} for new or grown files. */
  public void watch(Path folder, Duration scanInterval) {
    scheduler.scheduleWithFixedDelay(() -> scan(folder), 0, scanInterval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("watching {} for new files every {}", folder, scanInterval);
  }

  /** One scan of a folder: reads each regular, non-hidden file that is new or has grown and has been quiet. */
  public int scan(Path folder) {
    int read = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(".")) {
          continue;
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
          continue;
        }
        Seen now = new Seen(attrs.size(), attrs.lastModifiedTime().toMillis());
        Seen before = processed.get(file);
        if (now.equals(before) || clock.millis() - now.modifiedMs() < QUIET.toMillis()) {
          continue;
        }
        try {
          ReadResult r = readFile(file, Progress.silent());
          processed.put(file, now);
          read++;
          LOG.info("read {}: {} items, {} new, {} rejected", file, r.fetched(), r.published(), r.rejected());
        } catch (IOException e) {
          LOG.warn("cannot read {}: {}", file, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot scan {}: {}", folder, e.toString());
    }
    return read;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class CountingInputStream extends FilterInputStream {
    volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
