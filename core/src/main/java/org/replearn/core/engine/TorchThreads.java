package org.replearn.core.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's intra-op thread count ({@code torch.set_num_threads}) for a block and restores the
 * previous count when closed:
 *
 * <pre>
 *   try (TorchThreads one = TorchThreads.use(1)) { ... }
 * </pre>
 *
 * Training that issues many small ops (multi-view training, the encoders' emulation runs) is faster
 * on one thread: with several, PyTorch's OpenMP threads spin against each other on a shared 2-core
 * machine, and one thread was measured 10x faster (synthetic set, MLP). The count is process-wide,
 * so blocks must not overlap across threads.
 */
public final class TorchThreads implements AutoCloseable {
  private final int previous;

  private TorchThreads(int previous) {
    this.previous = previous;
  }

  /** Uses {@code threads} intra-op threads until closed (no-op on engines other than PyTorch). */
  public static TorchThreads use(int threads) {
    if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
      return new TorchThreads(-1);
    }
    int before = JniUtils.getNumThreads();
    JniUtils.setNumThreads(threads);
    return new TorchThreads(before);
  }

  @Override
  public void close() {
    if (previous > 0) {
      JniUtils.setNumThreads(previous);
    }
  }
}
