package org.replearn.weightspace.zoo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products of {@link LstmKernel}, C += A B and C += A^T B for small row-major float
 * matrices, in register tiles: a tile of C stays in vector registers for the whole sum over k, each
 * loaded vector of B feeds one FMA per row of the tile and each broadcast element of A one per
 * vector. Every element of C takes the same FMAs in the same order in every tile shape, so every
 * path gives the same bits.
 *
 * <p>Two tile families. The wide tiles ({@link #WIDE_TILES}, AVX-512's 32 vector registers): six
 * rows by four vectors (24 accumulators), then four by four, eight rows by two vectors and four by
 * one. The narrow tiles (AVX2's 16 registers): four rows by two vectors, 8 FMA chains, what two FMA
 * pipes of 4-cycle latency just keep busy.
 *
 * <p><b>A read along its rows.</b> The wide tiles read row r of A at {@code rowStart_r + p}, with
 * the row starts computed before the loop over p. C2 then proves every such load inside the array
 * once, before the loop, instead of testing each one: its range-check elimination takes indices of
 * the form {@code p * constant + invariant}, and {@code p * stride} with a stride passed as an
 * argument is not one. With a test and its address arithmetic beside each of the eight broadcasts,
 * the eight-row tile's loop ran about 75 instructions for 16 FMAs (disassembled, Intel Xeon guest);
 * reading A along rows, about 45, and the zoo's products ran 10-25% faster (32 x 128 x 32: 123-134
 * against 138-157 GFLOP/s). The product with A transposed first transposes A (with gathers, 16
 * floats a load), so the wide tiles only ever read A along rows. B's loads keep their tests (a row
 * stride n per step of p): two to four per step, against six to eight for A.
 *
 * <p>Not thread-safe: the transposed product writes this object's scratch array.
 */
final class TiledProducts {
  private static final VectorSpecies<Float> S = VectorMath.S;
  private static final int L = S.length();

  /**
   * Whether this CPU takes the wide tiles: the six-by-four tile holds 24 accumulators, 4 vectors of
   * B and a broadcast, 29 vector registers, which AVX-512's 32 hold and AVX2's 16 do not. The wide
   * tiles load fewer vectors and scalars per FMA, which matters where loads are slow: on an Intel
   * Xeon guest whose L1 delivers 47-50 bytes a cycle, the zoo's 32 x 32 x 128 product ran at 3.9
   * FMAs/ns against 2.9-3.1 with 4 x 4 tiles.
   */
  static final boolean WIDE_TILES = S.vectorBitSize() >= 512;

  private final boolean wide;
  private float[] transposedA = new float[0];
  private final int[] gatherOffsets = new int[L];

  /** The tiles of this CPU. */
  TiledProducts() {
    this(WIDE_TILES);
  }

  /**
   * The wide or the narrow tiles, whatever the CPU (tests run both; with 16 vector registers C2
   * spills the wide tiles: slow but correct).
   */
  TiledProducts(boolean wide) {
    this.wide = wide;
  }

  /**
   * C[m, n] += A[m, k] B[k, n], all row-major from the given offsets; n a multiple of the vector
   * length.
   */
  void multiply(
      float[] a, int aStart, float[] b, int bStart, float[] c, int cStart, int m, int k, int n) {
    if (wide) {
      wideTiles(a, aStart, b, bStart, c, cStart, m, k, n);
    } else {
      narrowMultiply(a, aStart, b, bStart, c, cStart, m, k, n);
    }
  }

  /**
   * C[m, n] += A[k, m]^T B[k, n] with C from 0, A and B row-major from {@code aStart} and {@code
   * bStart}; n a multiple of the vector length. The wide tiles first transpose A into a scratch
   * array ({@link #transpose}), so that they read it along rows. This copy costs about what reading
   * A in place, with a test per load, cost the tiles: the zoo's A^T B products run at the speed
   * they had (32 x 1312 x 128: 114-142 against 128-129 GFLOP/s).
   */
  void multiplyTransposedA(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int k) {
    if (!wide) {
      narrowTransposedA(a, aStart, m, b, bStart, n, c, k);
      return;
    }
    if (transposedA.length < m * k) {
      transposedA = new float[m * k];
    }
    transpose(a, aStart, k, m, transposedA, 0, k, false);
    wideTiles(transposedA, 0, b, bStart, c, 0, m, k, n);
  }

  /**
   * out[to + j outStride + i] = in[from + i cols + j] (or += with {@code add}) for i < rows, j <
   * cols: the transpose of in [rows, cols] into the rows of out. A block of L rows of in at a time
   * (in L1), each of its columns gathered into one vector (L floats cols apart) and stored as a
   * piece of a row of out; the rows left over one by one. Also the zoo kernel's weight and gradient
   * transposes: 2.8 and 3.0 us an update in a loop over them, where the scalar loops this replaced
   * took 7.7 and 7.3 (Intel Xeon, AVX-512).
   */
  void transpose(
      float[] in, int from, int rows, int cols, float[] out, int to, int outStride, boolean add) {
    for (int lane = 0; lane < L; lane++) {
      gatherOffsets[lane] = lane * cols;
    }
    int whole = rows / L * L;
    for (int i = 0; i < whole; i += L) {
      for (int j = 0; j < cols; j++) {
        int at = to + j * outStride + i;
        FloatVector v = FloatVector.fromArray(S, in, from + i * cols + j, gatherOffsets, 0);
        if (add) {
          v = FloatVector.fromArray(S, out, at).add(v);
        }
        v.intoArray(out, at);
      }
    }
    for (int i = whole; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int at = to + j * outStride + i;
        float v = in[from + i * cols + j];
        out[at] = add ? out[at] + v : v;
      }
    }
  }

  /**
   * C[m, n] += A[m, k] B[k, n], row-major from {@code a0}, {@code b0} and {@code c0}: blocks of
   * four vectors of columns take tiles of six rows ({@link #sixRowTiles} of them), then four; a
   * block of two vectors takes tiles of eight rows; a last single vector tiles of four rows; the
   * rows left go one by one.
   */
  private static void wideTiles(
      float[] a, int a0, float[] b, int b0, float[] c, int c0, int m, int k, int n) {
    int sixRows = 6 * sixRowTiles(m);
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      int i = 0;
      for (; i < sixRows; i += 6) {
        sixRowsFourVectors(a, a0 + i * k, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i + 4 <= m; i += 4) {
        fourRowsFourVectors(a, a0 + i * k, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * k, 1, b, b0 + j, c, c0 + i * n + j, k, n, 4);
      }
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      int i = 0;
      for (; i + 8 <= m; i += 8) {
        eightRowsTwoVectors(a, a0 + i * k, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * k, 1, b, b0 + j, c, c0 + i * n + j, k, n, 2);
      }
    }
    for (; j < n; j += L) {
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        fourRowsOneVector(a, a0 + i * k, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * k, 1, b, b0 + j, c, c0 + i * n + j, k, n, 1);
      }
    }
  }

  /**
   * Tiles of six rows for m rows: as many as leave a multiple of four rows for the tiles of four (m
   * = 32: four, then two of four), or m / 6 where none does.
   */
  static int sixRowTiles(int m) {
    for (int t = m / 6; t >= 0; t--) {
      if ((m - 6 * t) % 4 == 0) {
        return t;
      }
    }
    return m / 6;
  }

  /**
   * Six rows of C, from {@code c0}, += A B against a panel of four vectors of B's columns from
   * {@code b0}, in registers: 24 accumulators, 4 vectors of B and a broadcast, 29 of AVX-512's 32
   * registers. Each step over k loads 4 vectors and 6 scalars for 24 FMAs, where a 4 x 4 tile loads
   * 4 and 4 for 16. Row r of A starts at {@code a0 + r k}.
   */
  private static void sixRowsFourVectors(
      float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int n) {
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int a4 = a3 + k;
    int a5 = a4 + k;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    int c4 = c3 + n;
    int c5 = c4 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * L);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * L);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * L);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * L);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * L);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + L);
    FloatVector acc42 = FloatVector.fromArray(S, c, c4 + 2 * L);
    FloatVector acc43 = FloatVector.fromArray(S, c, c4 + 3 * L);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + L);
    FloatVector acc52 = FloatVector.fromArray(S, c, c5 + 2 * L);
    FloatVector acc53 = FloatVector.fromArray(S, c, c5 + 3 * L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector bv2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector bv3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      acc02 = bv2.fma(x, acc02);
      acc03 = bv3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      acc12 = bv2.fma(x, acc12);
      acc13 = bv3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      acc22 = bv2.fma(x, acc22);
      acc23 = bv3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      acc32 = bv2.fma(x, acc32);
      acc33 = bv3.fma(x, acc33);
      x = FloatVector.broadcast(S, a[a4 + p]);
      acc40 = bv0.fma(x, acc40);
      acc41 = bv1.fma(x, acc41);
      acc42 = bv2.fma(x, acc42);
      acc43 = bv3.fma(x, acc43);
      x = FloatVector.broadcast(S, a[a5 + p]);
      acc50 = bv0.fma(x, acc50);
      acc51 = bv1.fma(x, acc51);
      acc52 = bv2.fma(x, acc52);
      acc53 = bv3.fma(x, acc53);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc02.intoArray(c, c0 + 2 * L);
    acc03.intoArray(c, c0 + 3 * L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc12.intoArray(c, c1 + 2 * L);
    acc13.intoArray(c, c1 + 3 * L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc22.intoArray(c, c2 + 2 * L);
    acc23.intoArray(c, c2 + 3 * L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc32.intoArray(c, c3 + 2 * L);
    acc33.intoArray(c, c3 + 3 * L);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + L);
    acc42.intoArray(c, c4 + 2 * L);
    acc43.intoArray(c, c4 + 3 * L);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + L);
    acc52.intoArray(c, c5 + 2 * L);
    acc53.intoArray(c, c5 + 3 * L);
  }

  /**
   * Eight rows of C, from {@code c0}, += A B against a panel of two vectors of B's columns from
   * {@code b0}, in registers: 16 accumulators, 2 vectors of B and a broadcast. Each step over k
   * loads 2 vectors and 8 scalars for 16 FMAs, where a 4 x 2 tile loads 2 and 4 for 8.
   */
  private static void eightRowsTwoVectors(
      float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int n) {
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int a4 = a3 + k;
    int a5 = a4 + k;
    int a6 = a5 + k;
    int a7 = a6 + k;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    int c4 = c3 + n;
    int c5 = c4 + n;
    int c6 = c5 + n;
    int c7 = c6 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + L);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + L);
    FloatVector acc60 = FloatVector.fromArray(S, c, c6);
    FloatVector acc61 = FloatVector.fromArray(S, c, c6 + L);
    FloatVector acc70 = FloatVector.fromArray(S, c, c7);
    FloatVector acc71 = FloatVector.fromArray(S, c, c7 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      x = FloatVector.broadcast(S, a[a4 + p]);
      acc40 = bv0.fma(x, acc40);
      acc41 = bv1.fma(x, acc41);
      x = FloatVector.broadcast(S, a[a5 + p]);
      acc50 = bv0.fma(x, acc50);
      acc51 = bv1.fma(x, acc51);
      x = FloatVector.broadcast(S, a[a6 + p]);
      acc60 = bv0.fma(x, acc60);
      acc61 = bv1.fma(x, acc61);
      x = FloatVector.broadcast(S, a[a7 + p]);
      acc70 = bv0.fma(x, acc70);
      acc71 = bv1.fma(x, acc71);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + L);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + L);
    acc60.intoArray(c, c6);
    acc61.intoArray(c, c6 + L);
    acc70.intoArray(c, c7);
    acc71.intoArray(c, c7 + L);
  }

  /**
   * Four rows of C, from {@code c0}, += A B against a panel of four vectors of B's columns (the
   * rows that six-row tiles leave).
   */
  private static void fourRowsFourVectors(
      float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int n) {
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * L);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * L);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * L);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * L);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector bv2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector bv3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      acc02 = bv2.fma(x, acc02);
      acc03 = bv3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[a1 + p]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      acc12 = bv2.fma(x, acc12);
      acc13 = bv3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[a2 + p]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      acc22 = bv2.fma(x, acc22);
      acc23 = bv3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[a3 + p]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      acc32 = bv2.fma(x, acc32);
      acc33 = bv3.fma(x, acc33);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc02.intoArray(c, c0 + 2 * L);
    acc03.intoArray(c, c0 + 3 * L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc12.intoArray(c, c1 + 2 * L);
    acc13.intoArray(c, c1 + 3 * L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc22.intoArray(c, c2 + 2 * L);
    acc23.intoArray(c, c2 + 3 * L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc32.intoArray(c, c3 + 2 * L);
    acc33.intoArray(c, c3 + 3 * L);
  }

  /**
   * Four rows of C, from {@code c0}, += A B against one vector of B's columns from {@code b0}: 4
   * FMA chains; row r of A starts at {@code a0 + r k}.
   */
  private static void fourRowsOneVector(
      float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int n) {
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n);
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(S, b, b0 + p * n);
      acc0 = bv.fma(FloatVector.broadcast(S, a[a0 + p]), acc0);
      acc1 = bv.fma(FloatVector.broadcast(S, a[a1 + p]), acc1);
      acc2 = bv.fma(FloatVector.broadcast(S, a[a2 + p]), acc2);
      acc3 = bv.fma(FloatVector.broadcast(S, a[a3 + p]), acc3);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + n);
    acc2.intoArray(c, c0 + 2 * n);
    acc3.intoArray(c, c0 + 3 * n);
  }

  /**
   * One row of C, {@code vectors} vectors from {@code c0}, += A B with A's row at {@code a0}
   * (column stride aColStride), one vector of columns at a time.
   */
  private static void rowVectors(
      float[] a,
      int a0,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n,
      int vectors) {
    for (int v = 0; v < vectors * L; v += L) {
      FloatVector acc = FloatVector.fromArray(S, c, c0 + v);
      for (int p = 0; p < k; p++) {
        acc =
            FloatVector.fromArray(S, b, b0 + p * n + v)
                .fma(FloatVector.broadcast(S, a[a0 + p * aColStride]), acc);
      }
      acc.intoArray(c, c0 + v);
    }
  }

  /**
   * {@link #multiply} in tiles of 4 rows by 2 vectors (11 vector registers, for AVX2's 16), B
   * row-major.
   */
  private static void narrowMultiply(
      float[] a, int aStart, float[] b, int bStart, float[] c, int cStart, int m, int k, int n) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      multiplyFourRows(a, aStart + i * k, b, bStart, c, cStart + i * n, k, n);
    }
    for (; i < m; i++) {
      rowVectors(a, aStart + i * k, 1, b, bStart, c, cStart + i * n, k, n, n / L);
    }
  }

  /** Rows a0 .. a0 + 3 of {@link #multiply}, accumulating in registers. */
  private static void multiplyFourRows(
      float[] a, int a0, float[] b, int bStart, float[] c, int c0, int k, int n) {
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      FloatVector acc0 = FloatVector.fromArray(S, c, c0 + j);
      FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n + j);
      FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n + j);
      FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n + j);
      FloatVector acc4 = FloatVector.fromArray(S, c, c0 + j + L);
      FloatVector acc5 = FloatVector.fromArray(S, c, c0 + n + j + L);
      FloatVector acc6 = FloatVector.fromArray(S, c, c0 + 2 * n + j + L);
      FloatVector acc7 = FloatVector.fromArray(S, c, c0 + 3 * n + j + L);
      for (int p = 0; p < k; p++) {
        FloatVector bv = FloatVector.fromArray(S, b, bStart + p * n + j);
        FloatVector bw = FloatVector.fromArray(S, b, bStart + p * n + j + L);
        FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
        FloatVector x1 = FloatVector.broadcast(S, a[a0 + k + p]);
        FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * k + p]);
        FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * k + p]);
        acc0 = bv.fma(x0, acc0);
        acc1 = bv.fma(x1, acc1);
        acc2 = bv.fma(x2, acc2);
        acc3 = bv.fma(x3, acc3);
        acc4 = bw.fma(x0, acc4);
        acc5 = bw.fma(x1, acc5);
        acc6 = bw.fma(x2, acc6);
        acc7 = bw.fma(x3, acc7);
      }
      acc0.intoArray(c, c0 + j);
      acc1.intoArray(c, c0 + n + j);
      acc2.intoArray(c, c0 + 2 * n + j);
      acc3.intoArray(c, c0 + 3 * n + j);
      acc4.intoArray(c, c0 + j + L);
      acc5.intoArray(c, c0 + n + j + L);
      acc6.intoArray(c, c0 + 2 * n + j + L);
      acc7.intoArray(c, c0 + 3 * n + j + L);
    }
    for (; j < n; j += L) {
      fourRowsOneVector(a, a0, b, bStart + j, c, c0 + j, k, n);
    }
  }

  /** {@link #multiplyTransposedA} in tiles of 4 rows by 2 vectors (AVX2), A read in place. */
  private static void narrowTransposedA(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int k) {
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        transposedTile(a, aStart + i, m, b, bStart + j, n, c, i * n + j, k);
      }
      for (; i < m; i++) {
        transposedRowTwoVectors(a, aStart, m, b, bStart, n, c, i, j, k);
      }
    }
    for (; j < n; j += L) {
      for (int i = 0; i < m; i++) {
        rowVectors(a, aStart + i, m, b, bStart + j, c, i * n + j, k, n, 1);
      }
    }
  }

  /** Row i of {@link #multiplyTransposedA} against the two vectors of columns from j. */
  private static void transposedRowTwoVectors(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int i, int j, int k) {
    int ci = i * n + j;
    FloatVector acc0 = FloatVector.fromArray(S, c, ci);
    FloatVector acc1 = FloatVector.fromArray(S, c, ci + L);
    for (int p = 0; p < k; p++) {
      FloatVector av = FloatVector.broadcast(S, a[aStart + p * m + i]);
      int bp = bStart + p * n + j;
      acc0 = FloatVector.fromArray(S, b, bp).fma(av, acc0);
      acc1 = FloatVector.fromArray(S, b, bp + L).fma(av, acc1);
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + L);
  }

  /**
   * The 4 x 2-vector tile of {@link #multiplyTransposedA} at C[c0 ..]: columns a0 .. a0 + 3 of A
   * (row stride m) against 2 vectors of B from b0 (row stride n).
   */
  private static void transposedTile(
      float[] a, int a0, int m, float[] b, int b0, int n, float[] c, int c0, int k) {
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n);
    FloatVector acc4 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc5 = FloatVector.fromArray(S, c, c0 + n + L);
    FloatVector acc6 = FloatVector.fromArray(S, c, c0 + 2 * n + L);
    FloatVector acc7 = FloatVector.fromArray(S, c, c0 + 3 * n + L);
    for (int p = 0; p < k; p++) {
      int ap = a0 + p * m;
      int bp = b0 + p * n;
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      FloatVector bw = FloatVector.fromArray(S, b, bp + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ap]);
      FloatVector x1 = FloatVector.broadcast(S, a[ap + 1]);
      FloatVector x2 = FloatVector.broadcast(S, a[ap + 2]);
      FloatVector x3 = FloatVector.broadcast(S, a[ap + 3]);
      acc0 = bv.fma(x0, acc0);
      acc1 = bv.fma(x1, acc1);
      acc2 = bv.fma(x2, acc2);
      acc3 = bv.fma(x3, acc3);
      acc4 = bw.fma(x0, acc4);
      acc5 = bw.fma(x1, acc5);
      acc6 = bw.fma(x2, acc6);
      acc7 = bw.fma(x3, acc7);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + n);
    acc2.intoArray(c, c0 + 2 * n);
    acc3.intoArray(c, c0 + 3 * n);
    acc4.intoArray(c, c0 + L);
    acc5.intoArray(c, c0 + n + L);
    acc6.intoArray(c, c0 + 2 * n + L);
    acc7.intoArray(c, c0 + 3 * n + L);
  }
}
