package org.replearn.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogSumTest {

  @Test
  void sumsSignedTermsGivenByTheirLogs() {
    LogSum s = new LogSum();
    assertEquals(Double.NEGATIVE_INFINITY, s.log());
    s.add(Math.log(2));
    s.add(Math.log(5)); // rescales to the larger term
    s.subtract(Math.log(3));
    s.add(Double.NEGATIVE_INFINITY);
    assertEquals(Math.log(4), s.log(), 1e-15);
  }

  @Test
  void keepsTermsFarOutsideTheDoubleRange() {
    LogSum s = new LogSum();
    s.add(2000);
    s.add(2000 + Math.log(3));
    assertEquals(2000 + Math.log(4), s.log(), 1e-12);
    LogSum t = new LogSum();
    t.add(-3000);
    assertEquals(2000 + Math.log(4), LogSum.logOfBoth(s, t), 1e-12);
    assertEquals(Math.log(2), LogSum.logOfBoth(one(), one()), 1e-15);
    assertEquals(Double.NEGATIVE_INFINITY, LogSum.logOfBoth(new LogSum(), new LogSum()));
  }

  @Test
  void refusesANegativeSum() {
    LogSum s = new LogSum();
    s.add(0);
    assertThrows(ArithmeticException.class, () -> s.subtract(1));
    LogSum cancelled = one();
    cancelled.subtract(0);
    assertEquals(Double.NEGATIVE_INFINITY, cancelled.log());
  }

  private static LogSum one() {
    LogSum s = new LogSum();
    s.add(0);
    return s;
  }
}
