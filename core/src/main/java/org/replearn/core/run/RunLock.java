package org.replearn.core.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;

/**
 * An exclusive OS lock ({@link FileChannel#tryLock()}, fcntl on Linux) on {@code
 * <folder>/.replearn.lock}, held until {@link #close()} or the end of the process, whichever comes
 * first: a killed process releases it with its file descriptors, so a lock never outlives its run.
 * The file holds the holder's {@link RunHolder} as JSON, so a refused run can name the run that
 * holds the folder; the file stays after the run and then names the folder's last run.
 *
 * <p>{@link #acquire} only locks and reads the previous holder's record; {@link #record} then
 * writes this run's record and removes the temporary files a killed writer left behind (no other
 * writer can be active while the lock is held).
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name inside the folder. */
  public static final String FILE_NAME = ".replearn.lock";

  /** Lock files held by runs in this JVM. */
  private static final java.util.Set<Path> HELD =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final RunHolder previous;

  private RunLock(Path dir, Path key, FileChannel channel, FileLock lock, RunHolder previous) {
    this.dir = dir;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.previous = previous;
  }

  /**
   * Locks {@code dir} (created when missing), or refuses.
   *
   * @param input how the caller names the folder in errors, e.g. the option that chose it
   * @throws InvalidInputException when another run holds the lock, naming that run
   */
  public static RunLock acquire(Path dir, String input) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    Path key = dir.toRealPath().resolve(FILE_NAME);
    // POSIX locks belong to the process and any close of the file in it releases them, so a run
    // in this JVM must not even open a lock file another run in this JVM holds
    if (!HELD.add(key)) {
      throw inUse(input, dir, read(file));
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(input, dir, read(file));
      }
      return new RunLock(dir, key, channel, lock, read(channel));
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  private static InvalidInputException inUse(String input, Path dir, RunHolder holder) {
    return InvalidInputException.of(
        input + " " + dir,
        "must not be in use by another run (lock file " + FILE_NAME + ")",
        holder != null ? holder.describe() : "a run that has not yet written its name");
  }

  /** Reads the record through the locked channel (opening the file again would drop the lock). */
  private static RunHolder read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || size > 1 << 20) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // keep reading
    }
    try {
      return Json.mapper().readValue(buffer.array(), 0, buffer.position(), RunHolder.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Writes {@code me} as the folder's holder and removes stale temporary files under the folder.
   */
  public void record(RunHolder me) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(me);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(bytes), 0);
    channel.force(true);
    StaleTemporaries.remove(dir);
  }

  /** The locked folder. */
  public Path dir() {
    return dir;
  }

  /** The run that held the folder before this one, or null when none had written its record. */
  public RunHolder previous() {
    return previous;
  }

  /**
   * Reads the holder record of a lock file, or null when it is missing, empty or unreadable. Not
   * for a lock file this process holds (closing the file would release the lock).
   */
  public static RunHolder read(Path lockFile) {
    try {
      String text = Files.readString(lockFile, StandardCharsets.UTF_8);
      return text.isBlank() ? null : Json.mapper().readValue(text, RunHolder.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Releases the lock; the file stays and names this run as the folder's last holder. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD.remove(key);
    }
  }
}
