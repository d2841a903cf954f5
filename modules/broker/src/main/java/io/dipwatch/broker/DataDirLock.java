package io.dipwatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a data directory to one embedded broker at a time, across processes and within one JVM. Kafka's own
 * log-dir lock is taken only once the broker half starts, after the controller half has already opened the
 * metadata log; a second {@code dipwatch run} on the same {@code ./data} must be refused before that.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "embedded-broker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + file, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirLock(channel, lock);
      }
    } catch (OverlappingFileLockException | IOException e) {
      // held by this JVM or unlockable: treated like a lock held elsewhere
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was locked
    }
    throw new IllegalStateException("Another embedded Kafka is using " + dir);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the lock on the broker data directory", e);
    }
  }
}
