package org.replearn.riem.fit;

import java.util.List;
import org.replearn.riem.layer.RiemShape;

/**
 * The outcome of a RieM fit. The parameters are the full-precision ones of the best checkpoint;
 * quantise them with {@link MinMaxQuantizer#quantizeStates} for storage.
 *
 * @param shape sizes and layout
 * @param parameters best full-precision parameters (flat, {@link RiemShape} layout)
 * @param relativeError {@code mean|W - W_hat| / std(W)} in full precision
 * @param selectionError the error used for selection (quantised to {@code selectionBits})
 * @param selectionBits bits of the selection error (32: full precision)
 * @param restartErrors selection error of each restart after the search steps
 * @param trace (main-run step, selection error) at each check
 * @param mainStepsRun main-run steps taken
 * @param stoppedEarly whether the early-stop rule ended the main run
 * @param diverged whether the loss became non-finite (the best earlier checkpoint is kept)
 * @param seconds wall time
 */
public record FitResult(
    RiemShape shape,
    float[] parameters,
    double relativeError,
    double selectionError,
    int selectionBits,
    double[] restartErrors,
    List<Check> trace,
    int mainStepsRun,
    boolean stoppedEarly,
    boolean diverged,
    double seconds) {

  /** One error check of the main run. */
  public record Check(int step, double error) {}
}
