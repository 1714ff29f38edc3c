package org.replearn.weightspace.downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.report.BootstrapInterval;

/**
 * One of the paper's comparative claims, "every encoder of {@code winners} scores better than every
 * encoder of {@code others}", checked against measured means with 95% intervals. The verdict is
 * decided by the intervals alone:
 *
 * <ul>
 *   <li>{@link Verdict#HOLDS}: every winner's interval lies entirely on the better side of every
 *       other encoder's interval;
 *   <li>{@link Verdict#FAILS}: some other encoder's interval lies entirely on the better side of
 *       some winner's interval;
 *   <li>{@link Verdict#UNDECIDED}: neither (overlapping intervals, or a score not measured): the
 *       run is too small to decide.
 * </ul>
 *
 * Non-overlap of two 95% intervals is a conservative test of a difference; it is the rule here
 * because it needs nothing but the intervals reported beside it.
 *
 * @param id short key for results.json
 * @param statement the claim in words
 * @param paper what the paper reports for it
 * @param measure what is compared, in words (e.g. "OOD task exact match")
 * @param winners encoders the paper finds better
 * @param others encoders the paper finds worse
 * @param lowerIsBetter whether a lower score is better (losses, MSE)
 */
public record Claim(
    String id,
    String statement,
    String paper,
    String measure,
    List<String> winners,
    List<String> others,
    boolean lowerIsBetter) {

  /** The outcome of a check. */
  public enum Verdict {
    HOLDS("holds"),
    FAILS("does not hold"),
    UNDECIDED("too small to decide");

    private final String words;

    Verdict(String words) {
      this.words = words;
    }

    /** The verdict in words. */
    public String words() {
      return words;
    }
  }

  public Claim {
    InvalidInputException.require(!winners.isEmpty(), "claim winners", "must not be empty", id);
    InvalidInputException.require(!others.isEmpty(), "claim others", "must not be empty", id);
    winners = List.copyOf(winners);
    others = List.copyOf(others);
  }

  /** The verdict on {@code measured} (encoder to interval; missing or NaN: not measured). */
  public Verdict check(Map<String, BootstrapInterval> measured) {
    boolean allClear = true;
    for (String w : winners) {
      for (String o : others) {
        BootstrapInterval a = measured.get(w);
        BootstrapInterval b = measured.get(o);
        if (!measuredInterval(a) || !measuredInterval(b)) {
          allClear = false;
          continue;
        }
        if (strictlyBetter(b, a)) {
          return Verdict.FAILS;
        }
        allClear &= strictlyBetter(a, b);
      }
    }
    return allClear ? Verdict.HOLDS : Verdict.UNDECIDED;
  }

  /** One sentence: the claim, the paper's figures, ours with intervals, and the verdict. */
  public String explain(Map<String, BootstrapInterval> measured) {
    List<String> ours = new ArrayList<>();
    for (String e : winners) {
      ours.add(e + " " + format(measured.get(e)));
    }
    List<String> theirs = new ArrayList<>();
    for (String e : others) {
      theirs.add(e + " " + format(measured.get(e)));
    }
    return String.format(
        Locale.ROOT,
        "Claim: %s (paper: %s). Here, %s (%s): %s against %s. Verdict: %s.",
        statement,
        paper,
        measure,
        lowerIsBetter ? "lower is better" : "higher is better",
        String.join(", ", ours),
        String.join(", ", theirs),
        check(measured).words());
  }

  /** Whether {@code a}'s interval lies entirely on the better side of {@code b}'s. */
  private boolean strictlyBetter(BootstrapInterval a, BootstrapInterval b) {
    return lowerIsBetter ? a.high() < b.low() : a.low() > b.high();
  }

  private static boolean measuredInterval(BootstrapInterval i) {
    return i != null
        && !Double.isNaN(i.mean())
        && !Double.isNaN(i.low())
        && !Double.isNaN(i.high());
  }

  private static String format(BootstrapInterval i) {
    if (!measuredInterval(i)) {
      return "not measured";
    }
    return String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", i.mean(), i.low(), i.high());
  }
}
