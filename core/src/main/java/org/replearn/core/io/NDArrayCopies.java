package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Moves raw little-endian tensor bytes between buffers (heap, direct or memory-mapped) and NDArrays
 * with one copy. Assumes a little-endian host, as x86-64 and ARM64 are.
 */
final class NDArrayCopies {
  private NDArrayCopies() {}

  /**
   * A new array of {@code manager} holding a copy of {@code bytes} (from its position to its
   * limit), through a Java direct buffer of its own that the engine wraps. (Handing the engine a
   * file mapping instead would let in-place operations crash on read-only memory; copying into an
   * uninitialised tensor's memory, or wrapping the mapping and cloning, measured 4-6x slower on 14
   * MB blocks here.)
   */
  static NDArray copyOf(ByteBuffer bytes, Shape shape, DataType type, NDManager manager) {
    ByteBuffer direct = manager.allocateDirect(bytes.remaining());
    direct.put(bytes.duplicate()).flip();
    return manager.create(direct, shape, type);
  }

  /**
   * The bytes of {@code array} for writing it out now: on the CPU a view of the tensor's own memory
   * (no copy; valid while the array is unchanged and open), elsewhere a copy.
   */
  static ByteBuffer bytesOf(NDArray array) {
    return array.size() == 0 ? ByteBuffer.allocate(0) : array.toByteBuffer(true);
  }
}
