package org.replearn.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Small positional reads of file headers. */
final class FileBytes {
  private FileBytes() {}

  /**
   * Reads exactly {@code length} bytes at {@code position}.
   *
   * @return a little-endian heap buffer, position 0
   * @throws EOFException if the file ends first (callers check sizes before, so this is a bug or a
   *     file shrinking while read)
   */
  static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (channel.read(b, position + b.position()) < 0) {
        throw new EOFException("file ends at byte " + (position + b.position()));
      }
    }
    return b.flip();
  }
}
