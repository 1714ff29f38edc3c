package org.replearn.riem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.model.ModelCompressor;
import org.replearn.riem.model.Tensor;

/**
 * The entry point of RieM for Java callers: compress a trained network's state dict without data,
 * each large weight matrix replaced by the reconstruction of its neuron-state layer (or of a
 * baseline: SVD, quantisation, pruning), as {@code replearn compress model} does.
 */
public final class Riem {
  private Riem() {}

  /**
   * Compresses {@code stateDict} with RieM at {@code rate}, with the default options (8-bit states,
   * honest bit accounting, the fast fitting schedule) and {@link
   * ModelCompressor#DEFAULT_MIN_ENTRIES}.
   *
   * @param rate stored bits over float32 bits of each compressed layer, in (0, 1]
   * @param seed the fits' random starts (layer {@code name} uses {@code seed}'s child {@code name})
   */
  public static ModelCompressor.Result compress(
      Map<String, Tensor> stateDict, double rate, long seed) {
    return compress(
        stateDict, MatrixCompressors.Method.RIEM, rate, MatrixCompressors.Options.defaults(), seed);
  }

  /**
   * Compresses {@code stateDict} with {@code method} at {@code rate}.
   *
   * @param options bits, quantiser, accounting and RieM fitting schedule
   */
  public static ModelCompressor.Result compress(
      Map<String, Tensor> stateDict,
      MatrixCompressors.Method method,
      double rate,
      MatrixCompressors.Options options,
      long seed) {
    return ModelCompressor.compress(
        stateDict,
        new ModelCompressor.Settings(method, rate, options, ModelCompressor.DEFAULT_MIN_ENTRIES),
        new Seeds(seed));
  }

  /**
   * Reads the safetensors state dict {@code in}, compresses it as {@link #compress(Map,
   * MatrixCompressors.Method, double, MatrixCompressors.Options, long)} and writes the
   * reconstructed float32 state dict to {@code out} (loadable where the original was).
   */
  public static ModelCompressor.Result compressFile(
      Path in,
      Path out,
      MatrixCompressors.Method method,
      double rate,
      MatrixCompressors.Options options,
      long seed)
      throws IOException {
    ModelCompressor.Result result = compress(Tensor.readAll(in), method, rate, options, seed);
    Tensor.writeAll(out, result.tensors());
    return result;
  }
}
