package org.replearn.cli.file;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.JsonOption;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;
import org.replearn.core.io.NpyReader;
import org.replearn.core.io.Safetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replearn file bench}: throughput of the storage formats on a matrix shaped like an
 * official RNN zoo's {@code parameters.npy} ([rows, 13766] float32): npy streamed write, row-block
 * reads into {@code float[]} and into NDArrays, safetensors write, full read and a one-tensor read.
 * Each figure is the median of {@code --repeats} runs; files are deleted afterwards. Reads hit the
 * page cache (the file was just written), so they measure decoding and copying, not the disk.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure npy and safetensors write/read throughput (MB/s) on a [rows, 13766] float32 matrix,",
      "the row width of the official RNN zoos' parameters.npy. Prints one JSON object with --json."
    })
public final class FileBenchCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  static final int COLUMNS = 13766;

  @Option(
      names = "--rows",
      description = "Rows of the matrix (default: ${DEFAULT-VALUE}).",
      defaultValue = "4096")
  int rows;

  @Option(
      names = "--block",
      description = "Rows per read/write block (default: ${DEFAULT-VALUE}).",
      defaultValue = "256")
  int block;

  @Option(
      names = "--repeats",
      description = "Runs per figure (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int repeats;

  @Option(names = "--dir", description = "Scratch folder (default: the system temp folder).")
  Path dir;

  /**
   * What {@code file bench} prints, in this order (throughputs in MB/s, medians of the repeats).
   */
  record Throughput(
      int rows,
      int columns,
      double megabytes,
      int blockRows,
      double npyWriteMBps,
      double npyReadFloatMBps,
      double npyReadNDArrayMBps,
      double safetensorsWriteMBps,
      double safetensorsReadMBps,
      double safetensorsOneSmallTensorMs,
      double checksum) {}

  /** A timed action. */
  @FunctionalInterface
  interface Action {
    void run() throws IOException;
  }

  @Override
  public Integer call() throws IOException {
    InvalidInputException.require(rows > 0, "--rows", "must be > 0", rows);
    InvalidInputException.require(block > 0, "--block", "must be > 0", block);
    InvalidInputException.require(repeats > 0, "--repeats", "must be > 0", repeats);
    double bytes = (double) rows * COLUMNS * 4;
    Budget.memory("--rows", rows, "the float32 matrix read whole", bytes);
    Path base = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    Budget.disk("--rows", rows, "npy and safetensors copies of the matrix", 2 * bytes, base);
    Path scratch =
        Files.createTempDirectory(
            dir != null
                ? Files.createDirectories(dir)
                : Path.of(System.getProperty("java.io.tmpdir")),
            "replearn-file-bench");
    Path npy = scratch.resolve("parameters.npy");
    Path st = scratch.resolve("parameters.safetensors");
    double megabytes = (double) rows * COLUMNS * 4 / 1e6;
    Throughput result;
    try (NDManager manager = NDManager.newBaseManager()) {
      double npyWrite = megabytes / median(() -> writeNpy(npy));
      double[] checksum = new double[1];
      double npyReadFloat =
          megabytes
              / median(
                  () -> {
                    try (NpyReader r = Npy.open(npy)) {
                      for (long b = 0; b < rows; b += block) {
                        float[] v = r.rows(b, Math.min(rows, b + block)).toFloatArray();
                        checksum[0] += v[v.length - 1];
                      }
                    }
                  });
      double npyReadNDArray =
          megabytes
              / median(
                  () -> {
                    try (NpyReader r = Npy.open(npy);
                        NDManager scope = manager.newSubManager()) {
                      for (long b = 0; b < rows; b += block) {
                        try (NDManager step = scope.newSubManager()) {
                          r.rows(b, Math.min(rows, b + block), step);
                        }
                      }
                    }
                  });
      NDArray matrix = Npy.read(npy, manager);
      NDArray small = manager.arange(10f);
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put("parameters", matrix);
      tensors.put("small", small);
      double safetensorsWrite = megabytes / median(() -> Safetensors.write(st, tensors));
      double safetensorsRead =
          megabytes
              / median(
                  () -> {
                    try (NDManager scope = manager.newSubManager()) {
                      Safetensors.read(st, scope);
                    }
                  });
      double oneSmallTensor =
          1000
              * median(
                  () -> {
                    try (NDManager scope = manager.newSubManager()) {
                      Safetensors.read(st, scope, List.of("small"));
                    }
                  });
      result =
          new Throughput(
              rows,
              COLUMNS,
              megabytes,
              block,
              npyWrite,
              npyReadFloat,
              npyReadNDArray,
              safetensorsWrite,
              safetensorsRead,
              oneSmallTensor,
              checksum[0]);
    } finally {
      Files.deleteIfExists(npy);
      Files.deleteIfExists(st);
      Files.deleteIfExists(scratch);
    }
    output.print(result);
    return 0;
  }

  private void writeNpy(Path npy) throws IOException {
    Npy.write(
        npy,
        DataType.FLOAT32,
        new Shape(rows, COLUMNS),
        out -> {
          float[] values = new float[block * COLUMNS];
          for (int b = 0; b < rows; b += block) {
            int n = Math.min(block, rows - b);
            for (int i = 0; i < n * COLUMNS; i++) {
              values[i] = (b * COLUMNS + i) * 1e-6f;
            }
            float[] chunk = n == block ? values : Arrays.copyOf(values, n * COLUMNS);
            out.put(NpyArray.of(chunk, new Shape(n, COLUMNS)));
          }
        });
  }

  /** Median wall seconds of {@code repeats} runs. */
  private double median(Action action) throws IOException {
    double[] seconds = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      action.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[repeats / 2];
  }
}
