package org.replearn.core.bench;

/**
 * Where one kernel step sits under the machine's roofline (Williams et al., CACM 2009): the step
 * cannot take less than {@code boundSeconds = max(F / peak, B / bandwidth)} with F = {@link
 * Work#flopsWithExps()} and B = {@link Work#bytesRead()}, and {@code fractionOfRoofline =
 * boundSeconds / secondsPerStep} (1 = at the roof; a kernel whose counts leave out work can exceed
 * 1 only if the machine figures are wrong).
 *
 * <p>Divisions have a roof of their own, the divider's rate ({@link
 * MachineRoofline.ThreadFigure#divGflops()}): the step's divisions alone take {@code
 * divisionSeconds = D / divisionRate}. Where that is longer than {@code boundSeconds}, no kernel
 * that performs these D correctly rounded divisions can reach {@code fractionOfRoofline} 1; it can
 * reach at most {@code fractionCeiling = min(1, boundSeconds / divisionSeconds)}, whatever its
 * loops. (A division-free kernel, with an approximate reciprocal, is not bound by it, but nor does
 * it give the same results.)
 *
 * @param flops the step's floating-point operations, exponentials excluded
 * @param bytesRead the step's compulsory bytes read
 * @param exps the step's exponentials
 * @param divisions the step's divisions
 * @param arithmeticIntensity flopsWithExps / bytesRead
 * @param machineThreads the thread count of the machine figure used
 * @param boundSeconds the roofline's lower bound on the step's time
 * @param bound "compute" if F / peak is the larger term, else "memory"
 * @param fractionOfRoofline boundSeconds / the measured seconds per step
 * @param divisionSeconds the time the step's divisions take at the machine's division rate
 * @param fractionCeiling the largest fractionOfRoofline the step's divisions allow
 */
public record Roofline(
    double flops,
    double bytesRead,
    double exps,
    double divisions,
    double arithmeticIntensity,
    int machineThreads,
    double boundSeconds,
    String bound,
    double fractionOfRoofline,
    double divisionSeconds,
    double fractionCeiling) {

  /**
   * Floating-point operations one exponential is counted as: the adds and multiplies of {@code
   * org.replearn.core.numeric.VectorExp#exp} (clamp 2, range reduction 7, polynomial 14, scaling
   * 1), which the float kernels use or which the JDK's vector EXP costs about as much as.
   */
  public static final double FLOPS_PER_EXP = 24;

  /**
   * The roofline figures of a step of {@code work} that took {@code secondsPerStep}, run on {@code
   * threads} threads, on {@code machine}.
   */
  public static Roofline of(
      Work work, double secondsPerStep, MachineRoofline machine, int threads) {
    MachineRoofline.ThreadFigure figure = machine.figureFor(threads);
    double computeSeconds = work.flopsWithExps() / (figure.fmaGflops() * 1e9);
    double memorySeconds = work.bytesRead() / (figure.readGBps() * 1e9);
    double divisionSeconds = work.divisions() / (figure.divGflops() * 1e9);
    double bound = Math.max(computeSeconds, memorySeconds);
    return new Roofline(
        work.flops(),
        work.bytesRead(),
        work.exps(),
        work.divisions(),
        work.arithmeticIntensity(),
        figure.threads(),
        bound,
        computeSeconds >= memorySeconds ? "compute" : "memory",
        bound / secondsPerStep,
        divisionSeconds,
        divisionSeconds <= bound ? 1 : bound / divisionSeconds);
  }
}
