package org.replearn.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file under a temporary name in the same folder, forces it to disk, then renames it over
 * the target, so a crash or an exception never leaves a half-written file under the real name and
 * never damages the previous content.
 */
public final class AtomicFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  /** Writes the bytes the writer produces. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the whole content to {@code out} (buffered; closing it is allowed and only flushes).
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically. The new file gets the permissions of the file it replaces, or
   * {@code rw-r--r--} if there was none.
   *
   * @throws IOException if writing fails; then (as for any exception the writer throws) the target
   *     is untouched and no temporary file is left
   */
  public static void write(Path target, Writer writer) throws IOException {
    try {
      writeUnnamed(target, writer);
    } catch (IOException e) {
      throw FileChecks.named(target, "cannot write", e);
    }
  }

  private static void writeUnnamed(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out =
            new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
              @Override
              public void close() throws IOException {
                flush();
              }
            };
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(
            tmp,
            Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Forces a folder's entries (a rename into it) to disk, so a crash after the rename cannot lose
   * the new name. Platforms that cannot open a folder for reading (Windows) are skipped.
   */
  public static void syncDirectory(Path dir) throws IOException {
    if (!POSIX) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw FileChecks.named(dir, "cannot sync folder", e);
    }
  }

  /**
   * Renames {@code from} to {@code to} atomically (both in one folder tree) and forces the parent
   * folders to disk.
   */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw FileChecks.named(to, "cannot rename " + from + " to it", e);
    }
    syncDirectory(to.toAbsolutePath().getParent());
    Path fromParent = from.toAbsolutePath().getParent();
    if (!fromParent.equals(to.toAbsolutePath().getParent())) {
      syncDirectory(fromParent);
    }
  }

  /** Writes a byte array atomically. */
  public static void write(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content));
  }

  /** Writes a UTF-8 string atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }
}
