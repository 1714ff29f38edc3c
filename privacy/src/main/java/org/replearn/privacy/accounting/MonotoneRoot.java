package org.replearn.privacy.accounting;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.AllowedSolution;
import org.apache.commons.math3.analysis.solvers.BracketingNthOrderBrentSolver;
import org.replearn.core.InvalidInputException;

/**
 * Roots of monotone functions by a bracket search followed by a bracketing Brent-type solver
 * (Commons Math) that returns a point on a chosen side of the root, so that a privacy guarantee
 * computed from it errs on the safe side.
 */
final class MonotoneRoot {
  private static final int MAX_EVALUATIONS = 500;
  private static final int MAX_DOUBLINGS = 200;

  private MonotoneRoot() {}

  /**
   * The x > 0 with f(x) = 0 for f increasing on (0, inf): the bracket grows geometrically from
   * {@code start}, then Brent's method solves in log x.
   *
   * @param side which side of the root the answer may lie on (ABOVE_SIDE: f(x) >= 0)
   * @param what names the solved quantity in the error raised when no sign change is found
   */
  static double positiveRootOfIncreasing(
      DoubleUnaryOperator f, double start, AllowedSolution side, String what) {
    DoubleUnaryOperator g = logX -> f.applyAsDouble(Math.exp(logX));
    double lo = Math.log(start);
    double hi = lo;
    int doublings = 0;
    while (g.applyAsDouble(lo) > 0) {
      lo -= Math.log(4);
      requireBracket(++doublings, what);
    }
    while (g.applyAsDouble(hi) < 0) {
      hi += Math.log(4);
      requireBracket(++doublings, what);
    }
    if (lo == hi) {
      return Math.exp(lo);
    }
    return Math.exp(brent(g, lo, hi, 1e-14, side));
  }

  /**
   * The root of f in [lo, hi], where f(lo) and f(hi) have opposite signs (or one is 0), on the
   * given side: for a discontinuous f this is the point where f changes sign.
   */
  static double brent(
      DoubleUnaryOperator f, double lo, double hi, double absoluteAccuracy, AllowedSolution side) {
    return new BracketingNthOrderBrentSolver(1e-15, absoluteAccuracy, 5)
        .solve(MAX_EVALUATIONS, f::applyAsDouble, lo, hi, side);
  }

  private static void requireBracket(int doublings, String what) {
    InvalidInputException.require(
        doublings < MAX_DOUBLINGS, what, "has no solution in (0, 4^" + MAX_DOUBLINGS + ")", "none");
  }
}
