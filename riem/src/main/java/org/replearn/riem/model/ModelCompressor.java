package org.replearn.riem.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.baseline.Compressed;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.layer.StorageAccounting;

/**
 * Compresses a state dict layer by layer, using no data. A tensor is compressed when its name ends
 * in {@code weight}, it has 2 dimensions (Linear, attention projections) or 4 (Conv2d, folded to
 * {@code [out, in x kh x kw]}) and at least {@code minEntries} entries; everything else (biases,
 * norms, batch-norm running statistics, class tokens, position embeddings, small layers) is kept in
 * float32 and counted at 32 bits. Each compressed layer gets the target rate; the result holds the
 * reconstructed (dense, materialised) weights, so inference costs what the original model costs.
 *
 * <p>Layers under {@code minEntries} (default 1,024) are kept because at a quarter of their size
 * there is too little room for any method's fixed costs (RieM's float32 metric MLP, quantisation
 * scales, pruning masks) and they are a small part of the model anyway: in the reference ResNet the
 * 3x3 stem (144 weights), the stage-2 shortcut (512) and the head (640); in the ViT the head (640).
 * A ViT's fused {@code attn.qkv} weight {@code [3 D, D]} is compressed as one matrix (its columns
 * are the block's input neurons, shared by query, key and value). No data is used, so batch-norm
 * statistics are not recalibrated after compression ({@link ReferenceTrainer#recalibrateBatchNorms}
 * does that with data).
 */
public final class ModelCompressor {
  private ModelCompressor() {}

  /** Default smallest layer that is compressed. */
  public static final int DEFAULT_MIN_ENTRIES = 1024;

  /**
   * Settings.
   *
   * @param method riem, svd, quantize or prune
   * @param rate target compression ratio of each compressed layer (stored bits / float32 bits)
   * @param options bits, quantiser, accounting and RieM schedule
   * @param minEntries smallest weight tensor that is compressed
   */
  public record Settings(
      MatrixCompressors.Method method,
      double rate,
      MatrixCompressors.Options options,
      int minEntries) {
    public Settings {
      InvalidInputException.require(rate > 0 && rate <= 1, "rate", "must be in (0, 1]", rate);
      InvalidInputException.require(minEntries >= 1, "minEntries", "must be >= 1", minEntries);
    }
  }

  /**
   * One tensor of the model after compression.
   *
   * @param name state-dict name
   * @param rows rows of the matrix view
   * @param cols columns of the matrix view
   * @param compressed whether it was compressed (else kept in float32)
   * @param relativeError {@code mean|W - W_hat| / std(W)} (0 when kept)
   * @param storedBits stored bits
   * @param compressionRatio stored bits / float32 bits
   * @param settings method settings (rank, d, m, bits, ...)
   */
  public record LayerReport(
      String name,
      int rows,
      int cols,
      boolean compressed,
      double relativeError,
      long storedBits,
      double compressionRatio,
      Map<String, Object> settings) {}

  /**
   * The compressed model.
   *
   * @param tensors every tensor, compressed ones replaced by their reconstruction
   * @param layers one report per tensor
   * @param storedBits all stored bits
   * @param compressionRatio storedBits over the float32 size of the whole model
   */
  public record Result(
      Map<String, Tensor> tensors,
      List<LayerReport> layers,
      long storedBits,
      double compressionRatio) {}

  /** Whether a tensor is compressed under {@code minEntries}. */
  public static boolean compressible(String name, Tensor t, int minEntries) {
    return name.endsWith("weight")
        && (t.rank() == 2 || t.rank() == 4)
        && t.values().length >= minEntries
        && t.rows() >= 2
        && t.cols() >= 2;
  }

  /** Compresses {@code model}; layer k uses {@code seeds.child(name)}. */
  public static Result compress(Map<String, Tensor> model, Settings settings, Seeds seeds) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<LayerReport> reports = new ArrayList<>();
    long stored = 0;
    long dense = 0;
    try (Progress progress = Progress.start("compress " + settings.method().id(), model.size())) {
      for (Map.Entry<String, Tensor> e : model.entrySet()) {
        String name = e.getKey();
        Tensor t = e.getValue();
        long floatBits = (long) t.values().length * StorageAccounting.FLOAT_BITS;
        dense += floatBits;
        if (!compressible(name, t, settings.minEntries())) {
          out.put(name, t);
          int rows = t.rank() == 0 ? 1 : t.rows();
          reports.add(
              new LayerReport(
                  name, rows, t.values().length / rows, false, 0, floatBits, 1, Map.of()));
          stored += floatBits;
        } else {
          Compressed c =
              MatrixCompressors.compress(
                  settings.method(),
                  t.values(),
                  t.rows(),
                  t.cols(),
                  settings.rate(),
                  settings.options(),
                  seeds.child(name));
          out.put(name, new Tensor(t.shape(), c.reconstruction()));
          reports.add(
              new LayerReport(
                  name,
                  t.rows(),
                  t.cols(),
                  true,
                  c.relativeError(t.values()),
                  c.storedBits(),
                  c.compressionRatio(),
                  c.settings()));
          stored += c.storedBits();
        }
        progress.step(1);
      }
    }
    return new Result(out, reports, stored, stored / (double) dense);
  }
}
