package org.replearn.cli.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.JsonOption;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineProbe;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replearn bench machine}: the streaming read bandwidth, the FMA peak and the division rate
 * for each thread count, with the CPU model and vector width; {@code --json} prints a {@link
 * MachineRoofline} that the kernel benches accept with {@code --machine FILE}.
 */
@Command(
    name = "machine",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the machine's roofs: streaming read bandwidth (each thread sums its own array, far",
      "beyond the last-level cache), the FMA peak and the division rate of the Vector API's",
      "preferred species, for each thread count; warmed up until the rate is stable,",
      "min/median/max over repeats."
    })
public final class MachineCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,2",
      description = "Thread counts to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--read-mib",
      description =
          "MiB of each thread's streamed array (default: max(256, 8 x the last-level cache)).")
  Long readMib;

  @Option(
      names = "--fma-iterations",
      defaultValue = "8388608",
      description =
          "Iterations of the twelve-chain FMA loop per pass; the eight-chain division loop runs a"
              + " sixteenth of them (default: ${DEFAULT-VALUE}).")
  long fmaIterations;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "1",
      description =
          "Warm up each figure at least this long, until two rate windows agree within 5%%"
              + " (at most 3x as long) (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(
      names = "--repeats",
      defaultValue = "10",
      description = "Timed passes per figure (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Override
  public Integer call() {
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    InvalidInputException.require(repeats >= 1, "--repeats", "must be >= 1", repeats);
    InvalidInputException.require(
        fmaIterations >= 1, "--fma-iterations", "must be >= 1", fmaIterations);
    for (int t : threads) {
      InvalidInputException.require(t >= 1, "--threads", "must all be >= 1", threads);
    }
    int most = threads.stream().mapToInt(Integer::intValue).max().orElse(1);
    long bytes = MachineProbe.Settings.defaultReadBytes(most);
    if (readMib != null) {
      InvalidInputException.require(
          readMib >= 1 && readMib < 4096, "--read-mib", "must be in [1, 4095]", readMib);
      bytes = readMib << 20;
    }
    Budget.memory(
        "--read-mib",
        bytes >> 20,
        "one streamed float array per thread, " + most + " threads",
        (double) bytes * most);
    MachineRoofline machine =
        MachineProbe.measure(
            new MachineProbe.Settings(threads, bytes, fmaIterations, warmUp, repeats));
    output.print(machine);
    return 0;
  }
}
