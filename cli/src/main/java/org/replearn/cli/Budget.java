package org.replearn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * Up-front refusals of settings whose memory, disk or work would exceed a stated budget, with the
 * estimate named, so that an extreme value ends in one line at the start instead of an
 * out-of-memory error, a full disk or hours without output. Estimates are computed in double, so
 * they cannot overflow. Budgets: memory, the JVM's maximum heap ({@code -Xmx}); disk, the usable
 * space of the output's file system; work, a figure each caller states in its own units.
 */
public final class Budget {
  private Budget() {}

  /** The memory budget in bytes: the JVM's maximum heap. */
  public static double memoryBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * Refuses unless {@code bytes} fits the memory budget.
   *
   * @param option the option (or options) that set the size, e.g. {@code "--state-dim"}
   * @param value the option's value
   * @param what what takes the memory, e.g. {@code "RieM parameters and optimiser state"}
   */
  public static void memory(String option, Object value, String what, double bytes) {
    double budget = memoryBytes();
    InvalidInputException.require(
        bytes <= budget,
        option,
        "must keep the memory estimate within the budget of "
            + size(budget)
            + " (the JVM heap, -Xmx)",
        value + " (" + what + ": about " + size(bytes) + ")");
  }

  /**
   * Refuses unless {@code bytes} fits the usable space of the file system holding {@code dir} (or
   * its nearest existing parent).
   */
  public static void disk(String option, Object value, String what, double bytes, Path dir)
      throws IOException {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return;
    }
    double usable = Files.getFileStore(p).getUsableSpace();
    InvalidInputException.require(
        bytes <= usable,
        option,
        "must keep the disk estimate within the " + size(usable) + " free under " + p,
        value + " (" + what + ": about " + size(bytes) + ")");
  }

  /**
   * Refuses unless {@code units} is at most {@code limit}.
   *
   * @param limitMeaning what the limit means, e.g. {@code "about 5 minutes on 2 cores"}
   */
  public static void work(
      String option, Object value, String what, double units, double limit, String limitMeaning) {
    InvalidInputException.require(
        units <= limit,
        option,
        "must keep the work estimate within the budget of "
            + number(limit)
            + " "
            + what
            + " ("
            + limitMeaning
            + ")",
        value + " (" + number(units) + " " + what + ")");
  }

  /** A byte count as {@code "12.3 GB"}. */
  public static String size(double bytes) {
    String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    double v = bytes;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", v) : number(v) + " " + units[u];
  }

  private static String number(double v) {
    return v >= 1e6 || (v != 0 && v < 1e-3)
        ? String.format(Locale.ROOT, "%.3g", v)
        : trimZeros(String.format(Locale.ROOT, "%.4g", v));
  }

  private static String trimZeros(String s) {
    return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
  }
}
