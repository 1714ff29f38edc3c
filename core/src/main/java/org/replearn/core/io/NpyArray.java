package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An array read from or bound for a {@code .npy} file: element type, C-order shape and the raw
 * little-endian bytes. The bytes may be a read-only memory-mapped view of the file (see {@link
 * NpyReader}); the {@code to...Array} and {@link #toNDArray} methods copy them.
 */
public final class NpyArray {
  private final DataType dataType;
  private final Shape shape;
  private final ByteBuffer data;

  /**
   * @param dataType one of the npy types this package supports (bool, int8, uint8, int16, int32,
   *     int64, float16, float32, float64)
   * @param shape C-order shape
   * @param data exactly {@code shape.size() * dataType.getNumOfBytes()} bytes from its position
   */
  public NpyArray(DataType dataType, Shape shape, ByteBuffer data) {
    if (!NpyHeader.SUPPORTED.containsKey(dataType)) {
      throw new IllegalArgumentException("npy does not support " + dataType);
    }
    long bytes = shape.size() * dataType.getNumOfBytes();
    if (data.remaining() != bytes) {
      throw new IllegalArgumentException(
          "shape "
              + shape
              + " "
              + dataType
              + " needs "
              + bytes
              + " bytes, found "
              + data.remaining());
    }
    this.dataType = dataType;
    this.shape = shape;
    this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Float32 values with the given shape (the array is copied). */
  public static NpyArray of(float[] values, Shape shape) {
    ByteBuffer b = allocate(values.length, 4);
    b.asFloatBuffer().put(values);
    return new NpyArray(DataType.FLOAT32, shape, b);
  }

  /** Float64 values with the given shape (the array is copied). */
  public static NpyArray of(double[] values, Shape shape) {
    ByteBuffer b = allocate(values.length, 8);
    b.asDoubleBuffer().put(values);
    return new NpyArray(DataType.FLOAT64, shape, b);
  }

  /** Int64 values with the given shape (the array is copied). */
  public static NpyArray of(long[] values, Shape shape) {
    ByteBuffer b = allocate(values.length, 8);
    b.asLongBuffer().put(values);
    return new NpyArray(DataType.INT64, shape, b);
  }

  /** Int32 values with the given shape (the array is copied). */
  public static NpyArray of(int[] values, Shape shape) {
    ByteBuffer b = allocate(values.length, 4);
    b.asIntBuffer().put(values);
    return new NpyArray(DataType.INT32, shape, b);
  }

  /** A copy of an NDArray's values, type and shape. */
  public static NpyArray of(NDArray array) {
    return new NpyArray(array.getDataType(), array.getShape(), array.toByteBuffer());
  }

  private static ByteBuffer allocate(int count, int width) {
    return ByteBuffer.allocate(Math.multiplyExact(count, width)).order(ByteOrder.LITTLE_ENDIAN);
  }

  public DataType dataType() {
    return dataType;
  }

  public Shape shape() {
    return shape;
  }

  /** The raw little-endian bytes (a read-only view, position 0). */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  private int count() {
    return Math.toIntExact(shape.size());
  }

  /** All values as floats (float64 and int64 values are rounded to the nearest float). */
  public float[] toFloatArray() {
    float[] out = new float[count()];
    switch (dataType) {
      case FLOAT32 -> data().asFloatBuffer().get(out);
      case FLOAT16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Float16.toFloat(data.getShort(2 * i));
        }
      }
      default -> {
        double[] d = toDoubleArray();
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) d[i];
        }
      }
    }
    return out;
  }

  /** All values as doubles (exact for every type but int64 beyond 2^53). */
  public double[] toDoubleArray() {
    double[] out = new double[count()];
    switch (dataType) {
      case FLOAT64 -> data().asDoubleBuffer().get(out);
      case FLOAT32 -> Arrays.setAll(out, i -> data.getFloat(4 * i));
      case FLOAT16 -> Arrays.setAll(out, i -> Float16.toFloat(data.getShort(2 * i)));
      default -> {
        long[] l = toLongArray();
        Arrays.setAll(out, i -> l[i]);
      }
    }
    return out;
  }

  /**
   * All values as longs; only for integer and bool arrays (bool gives 0/1).
   *
   * @throws IllegalStateException for floating-point arrays
   */
  public long[] toLongArray() {
    long[] out = new long[count()];
    switch (dataType) {
      case INT64 -> data().asLongBuffer().get(out);
      case INT32 -> Arrays.setAll(out, i -> data.getInt(4 * i));
      case INT16 -> Arrays.setAll(out, i -> data.getShort(2 * i));
      case INT8 -> Arrays.setAll(out, i -> data.get(i));
      case UINT8, BOOLEAN -> Arrays.setAll(out, i -> data.get(i) & 0xFF);
      default ->
          throw new IllegalStateException(
              dataType + " values are not integers; use toFloatArray or toDoubleArray");
    }
    return out;
  }

  /**
   * All values as ints; only for integer and bool arrays whose values fit.
   *
   * @throws IllegalStateException for floating-point arrays
   * @throws ArithmeticException for int64 values beyond int range
   */
  public int[] toIntArray() {
    int[] out = new int[count()];
    switch (dataType) {
      case INT32 -> data().asIntBuffer().get(out);
      case INT16 -> Arrays.setAll(out, i -> data.getShort(2 * i));
      default -> {
        long[] l = toLongArray();
        Arrays.setAll(out, i -> Math.toIntExact(l[i]));
      }
    }
    return out;
  }

  /**
   * Copies the values into a new NDArray of {@code manager}. The type is kept, except int16, which
   * the PyTorch engine of DJL cannot create: it becomes int32 (exact).
   */
  public NDArray toNDArray(NDManager manager) {
    if (dataType == DataType.INT16) {
      return manager.create(toIntArray(), shape);
    }
    return NDArrayCopies.copyOf(data, shape, dataType, manager);
  }
}
