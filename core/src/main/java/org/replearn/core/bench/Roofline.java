package org.replearn.core.bench;

/**
 * Where one kernel step sits under the machine's roofline (Williams et al., CACM 2009): the step
 * cannot take less than {@code boundSeconds = max(F / peak, B / bandwidth)} with F = {@link
 * Work#flopsWithExps()} and B = {@link Work#bytesRead()}, and {@code fractionOfRoofline =
 * boundSeconds / secondsPerStep} (1 = at the roof; a kernel whose counts leave out work can exceed
 * 1 only if the machine figures are wrong).
 *
 * @param flops the step's floating-point operations, exponentials excluded
 * @param bytesRead the step's compulsory bytes read
 * @param exps the step's exponentials
 * @param arithmeticIntensity flopsWithExps / bytesRead
 * @param machineThreads the thread count of the machine figure used
 * @param boundSeconds the roofline's lower bound on the step's time
 * @param bound "compute" if F / peak is the larger term, else "memory"
 * @param fractionOfRoofline boundSeconds / the measured seconds per step
 */
public record Roofline(
    double flops,
    double bytesRead,
    double exps,
    double arithmeticIntensity,
    int machineThreads,
    double boundSeconds,
    String bound,
    double fractionOfRoofline) {

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
    double bound = Math.max(computeSeconds, memorySeconds);
    return new Roofline(
        work.flops(),
        work.bytesRead(),
        work.exps(),
        work.arithmeticIntensity(),
        figure.threads(),
        bound,
        computeSeconds >= memorySeconds ? "compute" : "memory",
        bound / secondsPerStep);
  }
}
