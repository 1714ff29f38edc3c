package org.replearn.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.replearn.core.bench.MachineProbe;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;
import org.replearn.core.io.JsonFile;
import picocli.CommandLine.Option;

/**
 * {@code --machine}: the machine figures a kernel bench holds its steps against. By default the
 * bench measures them in the same run ({@code measure}: 1 and 2 threads, 0.5 s warm-up, 5 passes, a
 * few seconds), so the roofline and the kernel see the same load; {@code --machine FILE} reads a
 * saved {@code replearn bench machine --json} instead (a quiet-machine measurement, or to save the
 * time); {@code none} leaves the roofline keys out. With {@code measure} the bench measures the
 * roofs again after its kernels and prints how far they moved ({@link #drift()}).
 */
public final class RooflineOptions {
  @Option(
      names = "--machine",
      defaultValue = "measure",
      description =
          "Machine figures for fractionOfRoofline: 'measure' (in this run, and again after the"
              + " kernels: roofDrift), a file saved from 'replearn bench machine --json', or"
              + " 'none' (default: ${DEFAULT-VALUE}).")
  String machine;

  private MachineRoofline figures;
  private boolean resolved;

  /** The machine figures, measured or read once; null with {@code --machine none}. */
  public MachineRoofline machine() throws IOException {
    if (!resolved) {
      resolved = true;
      if (machine.equals("none")) {
        figures = null;
      } else if (measuring()) {
        figures = measure();
      } else {
        // a missing, malformed or incomplete file is refused naming the file and the field
        figures = JsonFile.bind(Path.of(machine), MachineRoofline.class);
      }
    }
    return figures;
  }

  /**
   * How far the roofs moved since {@link #machine()} measured them, measured again now (a few
   * seconds); null unless {@code --machine measure} (a saved file says nothing about this run).
   */
  public RoofDrift drift() throws IOException {
    MachineRoofline before = machine();
    return before == null || !measuring() ? null : RoofDrift.between(before, measure());
  }

  private boolean measuring() {
    return machine.equals("measure");
  }

  private static MachineRoofline measure() {
    return MachineProbe.measure(
        new MachineProbe.Settings(
            List.of(1, 2),
            MachineProbe.Settings.defaultReadBytes(2),
            1L << 22,
            WarmUp.forSeconds(0.5),
            5));
  }

  /** The roofline figures of a step, or null with {@code --machine none}. */
  public Roofline roofline(Work work, double secondsPerStep, int threads) throws IOException {
    MachineRoofline m = machine();
    return m == null ? null : Roofline.of(work, secondsPerStep, m, threads);
  }
}
