package org.replearn.core.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * A gradient collector that several threads can hold at once, one each. PyTorch's grad mode is a
 * per-thread setting, but DJL's {@code PtGradientCollector} also keeps a JVM-wide flag and refuses
 * a second collector while one is open anywhere, so two models cannot train on two threads of one
 * JVM. This collector switches grad mode on for the calling thread only, runs the same backward
 * call ({@code torch.autograd.backward} with a ones seed, graph freed), and restores the thread's
 * mode on close. Gradients are zeroed by the caller, per parameter (DJL's {@code zeroGradients}
 * walks every array of the process).
 *
 * <p>Other engines get the engine's own collector.
 */
public final class ThreadGradients implements GradientCollector {
  private final boolean previousMode;

  private ThreadGradients() {
    previousMode = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** A collector for the calling thread: this class on PyTorch, the engine's own elsewhere. */
  public static GradientCollector open() {
    return isPyTorch() ? new ThreadGradients() : Engine.getInstance().newGradientCollector();
  }

  /**
   * Switches gradient recording off on the calling thread, the state DJL leaves on the thread that
   * starts the engine: a new thread starts with it on, where in-place parameter updates on leaves
   * that require gradients fail. Call first on every pool thread that trains.
   */
  public static void offOnThisThread() {
    if (isPyTorch()) {
      JniUtils.setGradMode(false);
    }
  }

  private static boolean isPyTorch() {
    return "PyTorch".equals(Engine.getInstance().getEngineName());
  }

  @Override
  public void backward(NDArray target) {
    try (NDArray seed = target.getManager().ones(target.getShape(), target.getDataType())) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
    }
  }

  @Override
  public void zeroGradients() {
    throw new UnsupportedOperationException(
        "ThreadGradients does not zero gradients: zero each parameter's gradient instead");
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previousMode);
  }
}
