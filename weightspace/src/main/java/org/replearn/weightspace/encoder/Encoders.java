package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/** Builds each encoder with the sizes of the official configs and runs it inside a scope. */
public final class Encoders {
  private Encoders() {}

  /** Embedding size of every official config. */
  public static final int EMBEDDING_SIZE = 16;

  /**
   * The encoder {@code kind} with its official sizes (official {@code training_configs.py}) for zoo
   * models of {@code layout}.
   */
  public static WeightEncoder official(
      EncoderKind kind, LstmSpec layout, NDManager manager, SplittableRandom rng) {
    DataType f32 = DataType.FLOAT32;
    return switch (kind) {
      case STATS -> new LayerwiseStatisticsEncoder(layout, manager, f32, rng, 128, EMBEDDING_SIZE);
      case FLAT ->
          new FlatWeightsEncoder(
              layout, manager, f32, rng, new int[] {128, 128, 128}, EMBEDDING_SIZE);
      case TRANSFORMER ->
          new ParameterTransformerEncoder(
              layout, manager, f32, rng, 128, 6, 2, 512, 0.1f, EMBEDDING_SIZE);
      case DWS ->
          new DeepWeightSpaceEncoder(
              layout, manager, f32, rng, new int[] {48, 48, 48, 48}, 128, EMBEDDING_SIZE);
      case NONINTERACTIVE ->
          new ProbingEncoder(layout, ProbingConfig.official(layout, false), manager, f32, rng);
      case INTERACTIVE ->
          new ProbingEncoder(layout, ProbingConfig.official(layout, true), manager, f32, rng);
    };
  }

  /**
   * Unit-norm embeddings of flat weight rows without gradients, freeing every temporary.
   *
   * @param flat [B, P] (any manager)
   * @return [B, embeddingSize] as floats, row-major
   */
  public static float[] embed(WeightEncoder encoder, LstmSpec layout, NDArray flat) {
    try (NDManager scope = flat.getManager().newSubManager()) {
      scope.tempAttachAll(encoder.parameters().asNDList());
      NDArray z = encoder.embed(LstmWeights.fromFlat(layout, flat.duplicate()));
      return z.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }
}
