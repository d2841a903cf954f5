package io.dipwatch.ingest.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Opens plain, gzip and zip input alike by sniffing magic bytes, because GDELT publishes {@code .CSV.zip},
 * mirrors and users keep {@code .gz}, and tests and pipes hand over plain text. A zip's file entries are read
 * one after another as one stream.
 */
public final class Archives {
  private Archives() {}

  public static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 64 * 1024);
    in.mark(4);
    int b0 = in.read();
    int b1 = in.read();
    int b2 = in.read();
    int b3 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 64 * 1024);
    }
    if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4) {
      return zipEntries(new ZipInputStream(in));
    }
    return in;
  }

  private static InputStream zipEntries(ZipInputStream zip) throws IOException {
    return new ZipEntriesStream(zip);
  }

  /** All file entries of a zip, concatenated. */
  private static final class ZipEntriesStream extends InputStream {
    private final ZipInputStream zip;
    private boolean inEntry;

    ZipEntriesStream(ZipInputStream zip) throws IOException {
      this.zip = zip;
      this.inEntry = nextFileEntry();
    }

    private boolean nextFileEntry() throws IOException {
      ZipEntry e = zip.getNextEntry();
      while (e != null && e.isDirectory()) {
        e = zip.getNextEntry();
      }
      return e != null;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (inEntry) {
        int n = zip.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        inEntry = nextFileEntry();
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
