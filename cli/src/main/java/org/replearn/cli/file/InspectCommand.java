package org.replearn.cli.file;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.JsonOption;
import org.replearn.core.io.NpyHeader;
import org.replearn.core.io.NpyReader;
import org.replearn.core.io.Safetensors;
import org.replearn.core.io.SafetensorsHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replearn file inspect FILE}: validates a .npy or .safetensors file (the format is told by
 * its first bytes) and prints its types and shapes, optionally with value summaries. A corrupt file
 * ends with exit code 2 and a line naming the file and the problem.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Check a .npy or .safetensors file and print its tensors' types and shapes (and metadata).",
      "With --values also count, min, max, mean and non-finite values, read block by block."
    })
public final class InspectCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final long BLOCK_BYTES = 64L << 20;

  @Parameters(paramLabel = "FILE", description = "a .npy or .safetensors file")
  Path file;

  @Option(names = "--values", description = "Also summarise the values (reads all data).")
  boolean values;

  /** What {@code file inspect} prints for a .npy file; {@code values} only with --values. */
  record NpyInfo(
      String file,
      String format,
      String dtype,
      long[] shape,
      long dataOffset,
      long dataBytes,
      @JsonInclude(JsonInclude.Include.NON_NULL) ValueSummary.Values values) {}

  /** One tensor of a .safetensors file; {@code values} only with --values. */
  record TensorInfo(
      String name,
      String dtype,
      long[] shape,
      long bytes,
      @JsonInclude(JsonInclude.Include.NON_NULL) ValueSummary.Values values) {}

  /** What {@code file inspect} prints for a .safetensors file. */
  record SafetensorsInfo(
      String file, String format, Map<String, String> metadata, List<TensorInfo> tensors) {}

  @Override
  public Integer call() throws IOException {
    output.print(isNpy(file) ? npy() : safetensors());
    return 0;
  }

  private static boolean isNpy(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return file.toString().endsWith(".npy"); // the reader reports the missing file
    }
    if (file.toString().endsWith(".npy")) {
      return true; // even when empty or damaged: the npy reader names the problem
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(NPY_MAGIC, in.readNBytes(NPY_MAGIC.length));
    }
  }

  private NpyInfo npy() throws IOException {
    try (NpyReader reader = NpyReader.open(file)) {
      NpyHeader h = reader.header();
      ValueSummary.Values summarised = null;
      if (values) {
        long rowBytes = Math.max(1, h.rowElements() * h.dataType().getNumOfBytes());
        long block = Math.max(1, BLOCK_BYTES / rowBytes);
        ValueSummary summary = new ValueSummary();
        for (long r = 0; r < reader.rows(); r += block) {
          summary.add(reader.rows(r, Math.min(reader.rows(), r + block)).toDoubleArray());
        }
        summarised = summary.values();
      }
      return new NpyInfo(
          file.toString(),
          "npy",
          h.dataType().toString().toLowerCase(java.util.Locale.ROOT),
          h.shape().getShape(),
          h.dataOffset(),
          h.dataBytes(),
          summarised);
    }
  }

  private SafetensorsInfo safetensors() throws IOException {
    SafetensorsHeader h = Safetensors.readHeader(file);
    List<TensorInfo> tensors = new ArrayList<>();
    try (NDManager manager = values ? NDManager.newBaseManager() : null) {
      for (SafetensorsHeader.Tensor t : h.tensors()) {
        ValueSummary.Values summarised = null;
        if (values) {
          try (NDManager scope = manager.newSubManager()) {
            NDArray a = Safetensors.read(file, scope, List.of(t.name())).get(t.name());
            ValueSummary summary = new ValueSummary();
            summary.add(a.toType(DataType.FLOAT64, false).toDoubleArray());
            summarised = summary.values();
          }
        }
        tensors.add(
            new TensorInfo(t.name(), t.dtype(), t.shape().getShape(), t.bytes(), summarised));
      }
    }
    return new SafetensorsInfo(file.toString(), "safetensors", h.metadata(), tensors);
  }
}
