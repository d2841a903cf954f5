package io.dipwatch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream line by line as raw bytes with a hard cap per line, so one hostile line (a 50 MB blob without
 * a newline) costs at most {@code maxLineBytes} of memory and is reported instead of exhausting the heap, and so
 * each line can be decoded strictly and rejected on its own when it is not UTF-8.
 */
public final class LineReader {
  /** One line without its terminator ({@code \n} or {@code \r\n}). */
  public record Line(long number, byte[] bytes, long length, boolean oversize) {
    /** Decodes strictly as UTF-8; malformed or unmappable input throws instead of being replaced. */
    public String utf8() throws CharacterCodingException {
      return decodeStrict(bytes);
    }

    public boolean blank() {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long lineNumber;
  private boolean bomChecked;

  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at end of stream. */
  public Line next() throws IOException {
    byte[] line = new byte[128];
    int size = 0;
    long length = 0;
    boolean sawAnything = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!sawAnything) {
          return null;
        }
        break;
      }
      sawAnything = true;
      int start = pos;
      int newline = -1;
      for (int i = pos; i < limit; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? limit : newline;
      int chunk = end - start;
      length += chunk;
      int keep = (int) Math.min(chunk, Math.max(0, (long) maxLineBytes - size));
      if (keep > 0) {
        if (size + keep > line.length) {
          line = Arrays.copyOf(line, Math.max(size + keep, Math.min(line.length * 2, maxLineBytes)));
        }
        System.arraycopy(buffer, start, line, size, keep);
        size += keep;
      }
      pos = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    lineNumber++;
    if (size > 0 && line[size - 1] == '\r' && length <= maxLineBytes) {
      size--;
      length--;
    }
    byte[] bytes = Arrays.copyOf(line, size);
    if (lineNumber == 1 && !bomChecked) {
      bomChecked = true;
      if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
        bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
        length -= 3;
      }
    }
    return new Line(lineNumber, bytes, length, length > maxLineBytes);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** Strict UTF-8 decoding: REPORT on malformed and unmappable input. */
  public static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }
}
