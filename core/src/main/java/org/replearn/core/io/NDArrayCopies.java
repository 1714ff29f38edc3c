package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/** Copies raw little-endian tensor bytes (heap, direct or memory-mapped) into a new NDArray. */
final class NDArrayCopies {
  private NDArrayCopies() {}

  /**
   * A new array of {@code manager} holding a copy of {@code bytes} (from its position to its
   * limit), in a direct buffer of its own: the engine wraps a direct buffer without copying, so
   * handing it a read-only file mapping would make in-place operations crash. (Wrapping the mapping
   * and letting the engine clone it measured 4-6x slower on 14 MB blocks.) Assumes a little-endian
   * host, as x86-64 and ARM64 are.
   */
  static NDArray copyOf(ByteBuffer bytes, Shape shape, DataType type, NDManager manager) {
    ByteBuffer direct = manager.allocateDirect(bytes.remaining());
    direct.put(bytes.duplicate()).flip();
    return manager.create(direct, shape, type);
  }
}
