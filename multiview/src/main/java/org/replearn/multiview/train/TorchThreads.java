package org.replearn.multiview.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's intra-op thread count for the duration of a run and restores it afterwards.
 * Multi-view training issues many small ops; on a shared 2-core machine PyTorch's OpenMP threads
 * spin against each other and one thread was measured 10x faster (synthetic set, MLP).
 */
final class TorchThreads implements AutoCloseable {
  private final int previous;

  private TorchThreads(int previous) {
    this.previous = previous;
  }

  /** Uses {@code threads} intra-op threads until closed (no-op on other engines). */
  static TorchThreads use(int threads) {
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
