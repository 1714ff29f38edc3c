package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records operations for autograd on the calling thread only, so that several zoo batches can train
 * at once on several threads. DJL's {@code PtGradientCollector} allows one collector per process (a
 * static flag), although PyTorch's grad mode is thread-local; this scope sets the calling thread's
 * grad mode and calls PyTorch's backward directly. Gradients accumulate into the leaves' gradient
 * arrays exactly as with the collector.
 */
final class GradientScope implements AutoCloseable {

  private GradientScope() {
    JniUtils.setGradMode(true);
  }

  /** Starts recording on this thread. */
  static GradientScope open() {
    return new GradientScope();
  }

  /** Back-propagates the scalar {@code loss} (seed gradient 1). */
  void backward(NDArray loss) {
    NDArray seed = loss.onesLike();
    JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    seed.close();
  }

  /**
   * Stops recording on this thread. Grad mode is switched off rather than restored: PyTorch starts
   * every new thread with grad mode on, and DJL code (in-place optimiser updates of leaf
   * parameters) expects it off outside a recording.
   */
  @Override
  public void close() {
    JniUtils.setGradMode(false);
  }
}
