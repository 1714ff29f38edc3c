package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;

/**
 * Writes the files of a formal-language zoo folder in the official layout (official
 * dataset_creation_formal_language.py), with random contents from seed 1: the tests of the official
 * import write the row bookkeeping ({@code num_step_correct.npy}, {@code tasks.npy}) themselves.
 */
final class OfficialFolderFixture {
  private OfficialFolderFixture() {}

  /**
   * {@code parameters.npy} float32 {@code [rows, 13766]} uniform in [0, 1), {@code sequences.npy}
   * int16 {@code [rows, 100, 42]} tokens in [0, 6), {@code logits.npy} float16 {@code [rows, 100,
   * 41, 6]} uniform in (-1, 0], drawn in that order from one {@code SplittableRandom(1)}.
   */
  static void writeArrays(Path dir, int rows) throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    float[] params = new float[rows * 13766];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) rng.nextDouble();
    }
    ByteBuffer seq = ByteBuffer.allocate(rows * 100 * 42 * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows * 100 * 42; i++) {
      seq.putShort((short) rng.nextInt(6));
    }
    seq.flip();
    float[] logits = new float[rows * 100 * 41 * 6];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) -rng.nextDouble();
    }
    Npy.write(dir.resolve("parameters.npy"), NpyArray.of(params, new Shape(rows, 13766)));
    Npy.write(
        dir.resolve("sequences.npy"), new NpyArray(DataType.INT16, new Shape(rows, 100, 42), seq));
    try (NDManager m = NDManager.newBaseManager()) {
      Npy.write(
          dir.resolve("logits.npy"),
          m.create(logits, new Shape(rows, 100, 41, 6)).toType(DataType.FLOAT16, false));
    }
  }

  /** {@code args.json} of a run with 4 tokens and sequences of length 42. */
  static void writeArgs(Path dir) throws Exception {
    Files.writeString(dir.resolve("args.json"), "{\"num_tokens\": 4, \"sequence_length\": 42}");
  }
}
