package org.replearn.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cody's log-erfc against mpmath at 150 digits (src/test/python/mpmath_values.py) and against
 * Commons Math's independent incomplete-gamma erfc.
 */
class LogErfcTest {

  @ParameterizedTest
  @CsvSource({
    "-30.0, 0.0",
    "-6.5, -1.921074163560323735e-20",
    "-4.0, -7.7086289798514897242e-9",
    "-1.0, -0.081914862881874814775",
    "-0.46875, -0.29261858820863748393",
    "-0.2, -0.4920835347770389882",
    "0.0, -0.69314718055994530942",
    "1e-12, -0.69314718056107368858",
    "0.3, -1.091577232000030582",
    "0.46875, -1.3716293661743414084",
    "0.5, -1.4281583103970297124",
    "1.0, -2.542752690493193558",
    "2.5, -8.4999624532872096683",
    "4.0, -18.680925492662951812",
    "4.5, -23.042915483995886066",
    "10.0, -103.57303620540483388",
    "26.5, -706.79336759070803191",
    "27.0, -733.56203368845735629",
    "40.0, -1604.954703833833501",
    "1000.0, -1000008.1732679024662",
    "100000000.0, -10000000000000019.686"
  })
  void matchesMpmath(double x, double expected) {
    assertEquals(expected, LogErfc.logHalfErfc(x), Math.abs(expected) * 1e-15);
  }

  @Test
  void agreesWithCommonsMathWhereErfcDoesNotUnderflow() {
    for (double x = -6; x <= 26; x += 0.01) {
      // erfc to 1e-13 relative: log erfc to 1e-13 absolute (or relative, where |log erfc| > 1)
      double reference = Math.log(0.5 * Erf.erfc(x));
      assertEquals(
          reference, LogErfc.logHalfErfc(x), 1e-13 * Math.max(1, Math.abs(reference)), "x=" + x);
    }
  }

  @Test
  void continuousWhereTheApproximationsMeet() {
    for (double b : new double[] {-4, -0.46875, 0.46875, 4}) {
      double at = LogErfc.logHalfErfc(b);
      // a step of one ulp in x moves the value by slope * ulp; allow that plus 1e-15 relative
      double slope = (LogErfc.logHalfErfc(b + 1e-6) - LogErfc.logHalfErfc(b - 1e-6)) / 2e-6;
      double tolerance = Math.abs(at) * 1e-15 + 2 * Math.abs(slope) * Math.ulp(b);
      assertEquals(at, LogErfc.logHalfErfc(Math.nextDown(b)), tolerance, "x=" + b);
      assertEquals(at, LogErfc.logHalfErfc(Math.nextUp(b)), tolerance, "x=" + b);
    }
  }

  @Test
  void limitsAndNan() {
    assertEquals(Double.NEGATIVE_INFINITY, LogErfc.logHalfErfc(Double.POSITIVE_INFINITY));
    assertEquals(0.0, LogErfc.logHalfErfc(Double.NEGATIVE_INFINITY), 0);
    assertEquals(Double.NaN, LogErfc.logHalfErfc(Double.NaN));
  }

  /** log Phi against scipy's log_ndtr (src/test/python/reference_values.py). */
  @ParameterizedTest
  @CsvSource({
    "-40.0, -804.6084420137539",
    "-37.5, -707.6689893175072",
    "-36.0, -652.5032275937986",
    "-20.0, -203.9171553710973",
    "-5.0, -15.064998393988727",
    "0.0, -0.6931471805599453",
    "3.0, -0.0013508099647481925",
    "8.0, -6.220960574271742e-16"
  })
  void logPhiMatchesScipyLogNdtr(double x, double expected) {
    assertEquals(expected, GaussianDp.logPhi(x), Math.abs(expected) * 1e-14);
  }
}
