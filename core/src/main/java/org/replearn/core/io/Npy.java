package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.replearn.core.CorruptFileException;

/**
 * numpy {@code .npy} files: read (format versions 1.0, 2.0 and 3.0; bool, int8, uint8, int16,
 * int32, int64, float16, float32, float64; little-endian; C order) and write (version 1.0, or 2.0
 * for very long headers, as {@code numpy.save} does), atomically.
 *
 * <p>For files too large to hold at once, {@link #open} gives a {@link NpyReader} that maps row
 * ranges, and {@link #write(Path, DataType, Shape, ChunkWriter)} streams chunks.
 */
public final class Npy {
  private Npy() {}

  /** Opens {@code file} for row-range reads (see {@link NpyReader}). */
  public static NpyReader open(Path file) throws IOException {
    return NpyReader.open(file);
  }

  /**
   * Reads and checks only the header.
   *
   * @throws CorruptFileException if the file is missing, not npy, unsupported or truncated
   */
  public static NpyHeader readHeader(Path file) throws IOException {
    try (NpyReader reader = open(file)) {
      return reader.header();
    }
  }

  /**
   * Reads the whole array (a read-only mapped view; its {@code to...Array} methods copy).
   *
   * @throws CorruptFileException if the file is missing, not npy, unsupported or truncated
   */
  public static NpyArray read(Path file) throws IOException {
    try (NpyReader reader = open(file)) {
      return reader.readAll();
    }
  }

  /** Reads the whole array into a new NDArray of {@code manager} (int16 becomes int32). */
  public static NDArray read(Path file, NDManager manager) throws IOException {
    return read(file).toNDArray(manager);
  }

  /** Writes {@code array} to {@code target} atomically. */
  public static void write(Path target, NpyArray array) throws IOException {
    write(target, array.dataType(), array.shape(), out -> out.put(array));
  }

  /**
   * Writes an NDArray (bool, int8, uint8, int32, int64, float16, float32 or float64) atomically.
   */
  public static void write(Path target, NDArray array) throws IOException {
    write(
        target, new NpyArray(array.getDataType(), array.getShape(), NDArrayCopies.bytesOf(array)));
  }

  /** Produces the data of a streamed npy file, chunk by chunk in C order. */
  @FunctionalInterface
  public interface ChunkWriter {
    /** Puts all chunks; together they must hold exactly the announced number of elements. */
    void writeTo(Chunks out) throws IOException;
  }

  /** The sink a {@link ChunkWriter} puts its chunks into. */
  public interface Chunks {
    /** Appends a chunk of the file's element type (any shape; only the order of values counts). */
    void put(NpyArray chunk) throws IOException;
  }

  /**
   * Streams an array of type {@code dataType} and shape {@code shape} to {@code target} atomically,
   * e.g. a zoo's {@code parameters.npy} row block by row block.
   *
   * @throws IllegalArgumentException if a chunk has another type or the chunks hold more or fewer
   *     elements than {@code shape}; then no file is written
   */
  public static void write(Path target, DataType dataType, Shape shape, ChunkWriter writer)
      throws IOException {
    byte[] header = NpyHeader.encode(dataType, shape);
    long expected = shape.size() * dataType.getNumOfBytes();
    AtomicFiles.write(
        target,
        (OutputStream out) -> {
          out.write(header);
          WritableByteChannel channel = Channels.newChannel(out);
          long[] written = {0};
          writer.writeTo(
              chunk -> {
                if (chunk.dataType() != dataType) {
                  throw new IllegalArgumentException(
                      target + ": chunk of " + chunk.dataType() + " in a " + dataType + " file");
                }
                ByteBuffer data = chunk.data();
                long bytes = data.remaining();
                if (written[0] + bytes > expected) {
                  throw new IllegalArgumentException(
                      target + ": chunks exceed shape " + shape + " (" + expected + " bytes)");
                }
                while (data.hasRemaining()) {
                  channel.write(data);
                }
                written[0] += bytes;
              });
          if (written[0] != expected) {
            throw new IllegalArgumentException(
                target
                    + ": chunks hold "
                    + written[0]
                    + " bytes, shape "
                    + shape
                    + " "
                    + dataType
                    + " needs "
                    + expected);
          }
        });
  }
}
