package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout, {@code x * m} with {@code m_i = 1 / (1 - rate)} with probability {@code 1 -
 * rate} and 0 otherwise, independently per entry: PyTorch's {@code dropout} in training mode, with
 * the mask drawn in plain Java instead of by PyTorch's CPU Bernoulli kernel (which on AMD CPUs
 * draws from a Mersenne twister one entry at a time, single-threaded: about a third of the
 * parameter transformer's training step at batch 64, docs/results.md).
 *
 * <p>The mask is a counter-based hash: entry i is kept when {@code h(i) < (1 - rate) 2^32}
 * (unsigned), where {@code h(i) = fmix32(fmix32(i ^ k0) ^ k1)} (MurmurHash3's finaliser, a
 * bijection of 32-bit words) under a 64-bit key (k0, k1) drawn from the thread's {@link
 * DropoutKeys} stream where one is seeded, else from PyTorch's generator, so a seeded run (the
 * emulation trainer seeds the keys per step) draws the same masks. Eight or sixteen entries are
 * hashed at a time with the Vector API, into a heap chunk copied into the mask.
 *
 * <p>Memory: the mask is written straight into an array that PyTorch allocated and owns (through a
 * direct view of its storage), never into Java-owned memory handed to PyTorch: autograd keeps the
 * mask for the backward pass after this method's array handle is closed, and a Java buffer behind
 * it could be freed by the garbage collector by then (see {@link TorchScalar}: the NaN gradients of
 * an earlier attempt came from such a buffer, the transformer's scalar {@code 1 / sqrt(d / heads)},
 * freed by collections during the forward pass).
 */
final class Dropout {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final int CHUNK = 4096;

  private Dropout() {}

  /**
   * Dropout in training mode.
   *
   * @param x any shape, float32 or float64
   * @param rate probability of zeroing an entry, in (0, 1)
   * @return x with entries zeroed at random and the rest scaled by 1 / (1 - rate), same shape
   */
  static NDArray apply(NDArray x, float rate) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in (0, 1), found " + rate);
    }
    NDManager manager = x.getManager();
    Long seeded = DropoutKeys.next();
    long key;
    if (seeded != null) {
      key = seeded;
    } else {
      try (NDArray drawn =
          manager.randomInteger(Long.MIN_VALUE, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
        key = drawn.getLong(0);
      }
    }
    NDArray mask = mask(manager, x.getShape(), rate, key);
    if (x.getDataType() != DataType.FLOAT32) {
      mask = mask.toType(x.getDataType(), false);
    }
    return x.mul(mask);
  }

  /**
   * The float32 mask of {@link #apply} for a given key, in memory owned by PyTorch.
   *
   * @return [shape] of 0 and 1 / (1 - rate)
   */
  static NDArray mask(NDManager manager, Shape shape, float rate, long key) {
    int n = Math.toIntExact(shape.size());
    NDArray mask = manager.create(shape, DataType.FLOAT32);
    ByteBuffer storage = mask.toByteBuffer(true);
    if (storage.isDirect() && !storage.isReadOnly() && storage.capacity() == 4L * n) {
      fill(storage.order(ByteOrder.nativeOrder()), n, rate, key);
      return mask;
    }
    // not a view of the array (another device): fill a copy, then let PyTorch copy it into memory
    // it owns
    mask.close();
    ByteBuffer copy = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
    fill(copy, n, rate, key);
    try (NDArray borrowed = manager.create(copy.asFloatBuffer(), shape)) {
      return borrowed.duplicate();
    }
  }

  /**
   * Writes the n mask entries as floats (native order) into {@code out} from position 0, hashed a
   * vector at a time into a small heap array that is copied into {@code out} in bulk.
   */
  static void fill(ByteBuffer out, int n, float rate, long key) {
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    int threshold = threshold(rate);
    int scale = Float.floatToRawIntBits(1 / (1 - rate));
    int lanes = INTS.length();
    int[] offsets = new int[lanes];
    for (int j = 0; j < lanes; j++) {
      offsets[j] = j;
    }
    IntVector iota = IntVector.fromArray(INTS, offsets, 0);
    IntVector zero = IntVector.zero(INTS);
    int[] chunk = new int[CHUNK];
    IntBuffer target = out.duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
    for (int from = 0; from < n; from += CHUNK) {
      int length = Math.min(CHUNK, n - from);
      int j = 0;
      for (; j + lanes <= length; j += lanes) {
        IntVector h = iota.add(from + j).lanewise(VectorOperators.XOR, k0);
        h = mix(h).lanewise(VectorOperators.XOR, k1);
        h = mix(h).lanewise(VectorOperators.XOR, Integer.MIN_VALUE);
        VectorMask<Integer> keep = h.compare(VectorOperators.LT, threshold);
        zero.blend(scale, keep).intoArray(chunk, j);
      }
      for (; j < length; j++) {
        chunk[j] = keeps(from + j, rate, key) ? scale : 0;
      }
      target.put(from, chunk, 0, length);
    }
  }

  /** Whether entry i is kept under {@code key} (the scalar form of {@link #fill}). */
  static boolean keeps(int i, float rate, long key) {
    int h = mix((mix(i ^ (int) key)) ^ (int) (key >>> 32));
    return (h ^ Integer.MIN_VALUE) < threshold(rate);
  }

  /** (1 - rate) 2^32 as an unsigned word, shifted by 2^31 for a signed comparison. */
  private static int threshold(float rate) {
    long unsigned = (long) Math.floor((1 - (double) rate) * 4294967296.0);
    return (int) (unsigned - 2147483648L);
  }

  /** MurmurHash3's 32-bit finaliser. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static IntVector mix(IntVector h) {
    h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    h = h.mul(0x85ebca6b);
    h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13));
    h = h.mul(0xc2b2ae35);
    return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
  }
}
