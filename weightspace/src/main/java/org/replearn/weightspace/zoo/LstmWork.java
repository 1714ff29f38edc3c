package org.replearn.weightspace.zoo;

import org.replearn.core.bench.Work;

/**
 * The work of one training update of one LSTM (teacher-forced cross-entropy, forward and backward,
 * then AdamW), counted from {@link LstmKernel} and {@link FlatAdamW}. With N = T B rows, gates G =
 * 4H, layer inputs X_l (X for layer 0, H above), L layers, Y outputs and P parameters:
 *
 * <pre>
 *   flops = sum_l 2 N G X_l (3, or 2 for layer 0)   input product forward, dW_ih, dX (not for the inputs)
 *         + sum_l 2 N G H 3                        recurrent product forward, dW_hh, dh
 *         + 6 N H Y                                read-out forward, dW_lin, dH
 *         + 51 N H L                               gates: 5 per gate unit (x4) and 8 per cell forward,
 *                                                  23 per cell backward
 *         + 4 N Y                                  log-softmax and its gradient
 *         + 14 P                                   AdamW (m 3, v 4, update 7)
 *   exps  = 5 N H L + N Y                          one per gate unit, one per tanh(c), one per logit
 *   divisions = 5 N H L + N                        one per gate unit and per tanh(c) (sigmoid and
 *                                                  tanh as 1 / (1 + e^x)), one per softmax
 *   bytesRead = 4 N X + 4 N + 16 P                 inputs, targets, then weights, gradient, moments
 * </pre>
 *
 * Padding of the read-out to whole vectors is overhead and is not counted.
 */
public final class LstmWork {
  /** Floating-point operations of {@link FlatAdamW} per parameter. */
  static final int ADAMW_FLOPS_PER_PARAMETER = 14;

  private LstmWork() {}

  /** Forward and backward of one model on T x B teacher-forced rows (no optimiser). */
  public static Work forwardBackward(LstmSpec spec, int steps, int batch) {
    double n = (double) steps * batch;
    double h = spec.hiddenSize();
    double g = LstmSpec.GATES * h;
    double y = spec.outputSize();
    double flops = 0;
    for (int l = 0; l < spec.layers(); l++) {
      double in = spec.layerInputSize(l);
      flops += 2 * n * g * in * (l == 0 ? 2 : 3);
      flops += 2 * n * g * h * 3;
    }
    flops += 6 * n * h * y + 51 * n * h * spec.layers() + 4 * n * y;
    double exps = 5 * n * h * spec.layers() + n * y;
    double bytes = 4 * n * spec.inputSize() + 4 * n;
    double divisions = 5 * n * h * spec.layers() + n;
    return new Work(flops, bytes, exps, divisions);
  }

  /** One AdamW step over {@code parameters} floats (reads weights, gradient and both moments). */
  public static Work adamW(long parameters) {
    return new Work(ADAMW_FLOPS_PER_PARAMETER * (double) parameters, 16.0 * parameters, 0);
  }

  /** One training update of one model: forward, backward and AdamW. */
  public static Work perUpdate(LstmSpec spec, int steps, int batch) {
    return forwardBackward(spec, steps, batch).plus(adamW(spec.parameterCount()));
  }
}
