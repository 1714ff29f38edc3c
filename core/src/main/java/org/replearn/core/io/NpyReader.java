package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;

/**
 * An open {@code .npy} file read row range by row range through memory mapping, so files larger
 * than the heap (the official RNN zoos' {@code parameters.npy}, shape [models, 13766] float32,
 * 0.5-1.4 GB) are read a slice at a time. Rows are slices along the first axis.
 *
 * <pre>{@code
 * try (NpyReader zoo = Npy.open(path)) {
 *   for (long r = 0; r < zoo.rows(); r += 1024) {
 *     float[] chunk = zoo.rows(r, Math.min(zoo.rows(), r + 1024)).toFloatArray();
 *   }
 * }
 * }</pre>
 */
public final class NpyReader implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final NpyHeader header;

  private NpyReader(Path file, FileChannel channel, NpyHeader header) {
    this.file = file;
    this.channel = channel;
    this.header = header;
  }

  /**
   * Opens {@code file} and checks its header and size.
   *
   * @throws CorruptFileException if it is missing, not npy, of an unsupported type or order, or
   *     truncated
   */
  public static NpyReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw FileChecks.named(file, "cannot open", e);
    }
    try {
      return new NpyReader(file, channel, NpyHeader.read(file, channel));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file's header: type, shape, data offset. */
  public NpyHeader header() {
    return header;
  }

  /** Length of the first axis (1 for a scalar). */
  public long rows() {
    return header.rows();
  }

  /**
   * Rows {@code [from, to)} as a read-only view mapped from the file, shape [to - from, rest...]
   * (for a scalar file only [0, 1), giving shape ()). The view stays valid after {@link #close()};
   * the mapping is released when the view is garbage-collected.
   *
   * @throws InvalidInputException if the range is outside the array or spans 2 GiB or more
   */
  public NpyArray rows(long from, long to) throws IOException {
    InvalidInputException.require(
        0 <= from && from <= to && to <= rows(),
        file + " row range",
        "must lie within [0, " + rows() + "]",
        "[" + from + ", " + to + ")");
    long rowBytes = header.rowElements() * header.dataType().getNumOfBytes();
    long bytes = (to - from) * rowBytes;
    InvalidInputException.require(
        bytes < Integer.MAX_VALUE,
        file + " row range",
        "must span less than 2 GiB (read it in smaller ranges)",
        bytes + " bytes");
    MappedByteBuffer mapped =
        channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset() + from * rowBytes, bytes);
    Shape shape =
        header.shape().dimension() == 0
            ? header.shape()
            : new Shape(to - from).addAll(header.shape().slice(1));
    return new NpyArray(header.dataType(), shape, mapped);
  }

  /** The whole array (a mapped view, see {@link #rows(long, long)}). */
  public NpyArray readAll() throws IOException {
    return rows(0, rows());
  }

  /** Rows {@code [from, to)} copied into an NDArray of {@code manager} (int16 becomes int32). */
  public NDArray rows(long from, long to, NDManager manager) throws IOException {
    return rows(from, to).toNDArray(manager);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
