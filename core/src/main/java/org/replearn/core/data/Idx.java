package org.replearn.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.AtomicFiles;
import org.replearn.core.io.FileChecks;

/**
 * Reads and writes the IDX files of MNIST and Fashion-MNIST (plain, or gzip-compressed when the
 * name ends in {@code .gz}).
 *
 * <p>An IDX file is a big-endian header followed by the data: a magic number {@code 0x0000TTNN}
 * (type {@code TT = 0x08} for unsigned bytes, {@code NN} dimensions), then one 32-bit size per
 * dimension, then the row-major bytes. Images are {@code [count, rows, cols]} (magic 2051), labels
 * {@code [count]} (magic 2049). Readers check magic, sizes and length and name the file at fault.
 */
public final class Idx {
  /** Magic number of an unsigned-byte IDX file with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 2051;

  /** Magic number of an unsigned-byte IDX file with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 2049;

  /** Number of classes the labels may name (0..9). */
  public static final int CLASSES = 10;

  private static final int GZIP_MAGIC = 0x1f8b;

  private Idx() {}

  /**
   * Reads an image file and its label file into one data set.
   *
   * @param name the data set's name, e.g. {@code "mnist/train"}
   * @throws CorruptFileException if either file is malformed, their counts disagree or a label is
   *     outside 0..9
   */
  public static ImageDataset read(String name, Path images, Path labels) throws IOException {
    return parse(name, images, content(images), labels, content(labels));
  }

  /**
   * Parses already-read (decompressed) IDX contents into one data set; {@code imagesFile} and
   * {@code labelsFile} only name the sources in error messages.
   *
   * @throws CorruptFileException as {@link #read}
   */
  public static ImageDataset parse(
      String name, Path imagesFile, byte[] imagesContent, Path labelsFile, byte[] labelsContent) {
    int[] dims = dims(imagesFile, imagesContent, IMAGES_MAGIC);
    int count = dims[0];
    int rows = dims[1];
    int cols = dims[2];
    int labelCount = count(labelsFile, labelsContent, LABELS_MAGIC);
    if (labelCount != count) {
      throw new CorruptFileException(
          labelsFile,
          "must hold one label per image of "
              + imagesFile.getFileName()
              + " ("
              + count
              + "), found "
              + labelCount
              + " labels");
    }
    byte[] pixels = new byte[count * rows * cols];
    System.arraycopy(imagesContent, 16, pixels, 0, pixels.length);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int label = labelsContent[8 + i] & 0xFF;
      if (label >= CLASSES) {
        throw new CorruptFileException(
            labelsFile, "label " + i + " must be in 0.." + (CLASSES - 1) + ", found " + label);
      }
      labels[i] = label;
    }
    return new ImageDataset(name, count, rows, cols, pixels, labels);
  }

  /**
   * The number of items an IDX file's header declares (images or labels), after checking its magic
   * and its length.
   *
   * @param magic {@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}
   * @throws CorruptFileException if the magic differs or the length disagrees with the header
   */
  public static int count(Path file, byte[] content, int magic) {
    return dims(file, content, magic)[0];
  }

  /**
   * The sizes an IDX file's header declares, after checking its magic and that its length matches
   * them exactly.
   *
   * @return {@code [count, rows, cols]} for images, {@code [count]} for labels
   */
  private static int[] dims(Path file, byte[] content, int magic) {
    ByteBuffer h = header(file, content, magic);
    int[] dims = new int[magic & 0xFF];
    // three sizes below 2^31 can overflow a long; their product as a double cannot
    double items = 1;
    for (int d = 0; d < dims.length; d++) {
      dims[d] = h.getInt();
      if (dims[d] < 0) {
        throw new CorruptFileException(
            file, "size " + d + " in the IDX header must be >= 0, found " + dims[d]);
      }
      items *= dims[d];
    }
    String what =
        magic == IMAGES_MAGIC
            ? dims[0] + " images of " + dims[1] + "x" + dims[2] + " pixels"
            : dims[0] + " labels";
    requireLength(file, content, h.position(), items > Integer.MAX_VALUE ? -1 : (long) items, what);
    return dims;
  }

  /**
   * The whole content of an IDX file, decompressed when its name ends in {@code .gz}.
   *
   * @throws CorruptFileException if a {@code .gz} file is not a complete gzip stream
   */
  public static byte[] content(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return isGzip(file) ? gunzip(file, in) : readBounded(file, in);
    } catch (IOException e) {
      throw FileChecks.named(file, "cannot read", e);
    }
  }

  /** Largest content read whole (a Java array's limit). */
  private static final long MAX_CONTENT = Integer.MAX_VALUE - 8;

  /**
   * Reads an IDX stream, but never more than its header promises (plus one byte, to detect extra
   * data): a gzip bomb or a huge file cannot exhaust the memory. A stream that does not start with
   * an IDX header is read only as far as a header goes; the parser then names the problem.
   */
  private static byte[] readBounded(Path file, InputStream in) throws IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    byte[] magic = in.readNBytes(4);
    head.write(magic);
    int dims = magic.length == 4 && magic[0] == 0 && magic[1] == 0 ? magic[3] & 0xFF : 0;
    if (magic.length < 4 || magic[2] != 0x08 || dims < 1 || dims > 3) {
      head.write(in.readNBytes(12));
      return head.toByteArray();
    }
    byte[] sizes = in.readNBytes(4 * dims);
    head.write(sizes);
    if (sizes.length < 4 * dims) {
      return head.toByteArray();
    }
    ByteBuffer b = ByteBuffer.wrap(sizes);
    long items = 1;
    for (int d = 0; d < dims; d++) {
      int size = b.getInt();
      if (size < 0) {
        return head.toByteArray(); // the parser reports the negative size
      }
      items = FileChecks.multiply(file, "IDX header sizes", items, size);
    }
    long total = 4 + 4L * dims + items;
    if (total > MAX_CONTENT) {
      throw new CorruptFileException(
          file,
          "IDX header promises "
              + total
              + " bytes, more than a file read whole may hold ("
              + MAX_CONTENT
              + ")");
    }
    byte[] data = in.readNBytes((int) items);
    if (data.length == items && in.read() >= 0) {
      throw new CorruptFileException(
          file,
          "holds more data than the "
              + total
              + " bytes its IDX header promises"
              + (isGzip(file) ? " (decompression stopped there)" : ""));
    }
    head.write(data);
    return head.toByteArray();
  }

  /**
   * Decompresses a gzip stream of IDX content read from {@code source}, never more than the IDX
   * header promises.
   *
   * @throws CorruptFileException if the stream is truncated or not gzip
   */
  public static byte[] gunzip(Path source, InputStream in) throws IOException {
    try (InputStream gz = new GZIPInputStream(in, 1 << 16)) {
      return readBounded(source, gz);
    } catch (EOFException e) {
      throw new CorruptFileException(source, "truncated: the gzip stream ends early", e);
    } catch (ZipException e) {
      throw new CorruptFileException(source, "is not a valid gzip stream: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the images of {@code data} as an IDX file (magic 2051), gzip-compressed if the name ends
   * in {@code .gz}; atomically.
   */
  public static void writeImages(Path file, ImageDataset data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(16);
    header.putInt(IMAGES_MAGIC).putInt(data.count()).putInt(data.rows()).putInt(data.cols());
    write(file, header.array(), data.pixels());
  }

  /**
   * Writes the labels of {@code data} as an IDX file (magic 2049), gzip-compressed if the name ends
   * in {@code .gz}; atomically.
   */
  public static void writeLabels(Path file, ImageDataset data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(8);
    header.putInt(LABELS_MAGIC).putInt(data.count());
    byte[] labels = new byte[data.count()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) data.labels()[i];
    }
    write(file, header.array(), labels);
  }

  /** Whether {@code file} is read and written gzip-compressed (its name ends in {@code .gz}). */
  public static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  private static void write(Path file, byte[] header, byte[] body) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          if (isGzip(file)) {
            try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
              gz.write(header);
              gz.write(body);
            }
          } else {
            out.write(header);
            out.write(body);
          }
        });
  }

  /** Checks the magic and returns a buffer positioned after it. */
  private static ByteBuffer header(Path file, byte[] content, int magic) {
    int dims = magic & 0xFF;
    int headerBytes = 4 + 4 * dims;
    if (content.length >= 2 && ((content[0] & 0xFF) << 8 | (content[1] & 0xFF)) == GZIP_MAGIC) {
      throw new CorruptFileException(
          file,
          "wrong magic: expected IDX magic "
              + magic
              + ", found gzip data (a compressed file must be named *.gz)");
    }
    if (content.length < 4) {
      throw new CorruptFileException(
          file,
          "truncated: an IDX file starts with a 4-byte magic number, found "
              + content.length
              + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(content);
    int found = buffer.getInt();
    if (found != magic) {
      throw new CorruptFileException(
          file,
          "wrong magic: expected "
              + magic
              + " ("
              + (magic == IMAGES_MAGIC ? "IDX images" : "IDX labels")
              + "), found "
              + found);
    }
    if (content.length < headerBytes) {
      throw new CorruptFileException(
          file,
          "truncated: an IDX header with "
              + dims
              + " dimension(s) needs "
              + headerBytes
              + " bytes, found "
              + content.length);
    }
    return buffer;
  }

  private static void requireLength(
      Path file, byte[] content, int headerBytes, long dataBytes, String what) {
    if (dataBytes < 0) {
      throw new CorruptFileException(
          file,
          "truncated: header promises "
              + what
              + " (over 2 GiB), found "
              + content.length
              + " bytes");
    }
    long expected = headerBytes + dataBytes;
    if (content.length < expected) {
      throw new CorruptFileException(
          file,
          "truncated: header promises "
              + what
              + " ("
              + expected
              + " bytes), found "
              + content.length
              + " bytes");
    }
    if (content.length > expected) {
      throw new CorruptFileException(
          file,
          "has "
              + (content.length - expected)
              + " bytes after the "
              + what
              + " its header promises ("
              + expected
              + " bytes)");
    }
  }
}
