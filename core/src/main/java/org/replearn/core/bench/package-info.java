/**
 * Benchmark measurement shared by every {@code bench} command: a time-based warm-up that stops once
 * the step rate is stable ({@link WarmUp}, as JMH warms up by time), min / median / max over timed
 * repeats ({@link Spread}, {@link StepTimer}), the machine's own roofline measured by the project
 * ({@link MachineProbe}: streaming read bandwidth and the FMA peak of the Vector API's preferred
 * species) and a kernel's place under it ({@link Work}, {@link Roofline}).
 *
 * <p>The roofline model (Williams, Waterman and Patterson, "Roofline: an insightful visual
 * performance model", CACM 52(4), 2009): a step that performs F floating-point operations and reads
 * B bytes cannot take less than {@code max(F / peakFlops, B / bandwidth)}; {@code
 * fractionOfRoofline} is that bound over the measured time.
 */
package org.replearn.core.bench;
