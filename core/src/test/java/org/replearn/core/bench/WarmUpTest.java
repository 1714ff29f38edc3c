package org.replearn.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

/**
 * The warm-up's stopping rule on synthetic step times (no clock is read): step durations are dyadic
 * fractions of a second (1/8, 1/16, 1/64) so every sum is exact in binary.
 */
class WarmUpTest {
  private static final long EIGHTH = 125_000_000L;
  private static final long SIXTEENTH = 62_500_000L;
  private static final long SIXTY_FOURTH = 15_625_000L;

  /** At least 1 s, at most 3 s, windows of 0.25 s, 5% tolerance, at least 2 steps. */
  private static final WarmUp RULE = new WarmUp(1.0, 3.0, 0.25, 0.05, 2);

  /**
   * A JIT-like sequence: 4 steps of 1/8 s (two windows at 8 steps/s), 4 of 1/16 s (one window at
   * 16/s, 0.75 s in), then 1/64 s steps: the window ending at 1.00 s runs at 64/s against 16/s
   * before it (no agreement), the one ending at 1.25 s at 64/s again: stable after 4 + 4 + 16 + 16
   * = 40 steps and 5 windows.
   */
  static List<Long> jitLikeSequence() {
    List<Long> d = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      d.add(EIGHTH);
    }
    for (int i = 0; i < 4; i++) {
      d.add(SIXTEENTH);
    }
    for (int i = 0; i < 100; i++) {
      d.add(SIXTY_FOURTH);
    }
    return d;
  }

  @Test
  void stopsOnceTwoWindowsAfterTheMinimumTimeAgree() {
    WarmUp.Tracker tracker = RULE.tracker();
    int fed = 0;
    for (long nanos : jitLikeSequence()) {
      fed++;
      if (tracker.record(nanos)) {
        break;
      }
    }
    WarmUp.Outcome o = tracker.outcome();
    assertEquals(40, fed);
    assertEquals(new WarmUp.Outcome(40, 1.25, WarmUp.Reason.STABLE, 5, 64.0), o);
  }

  @Test
  void equalRatesBeforeTheMinimumTimeDoNotStopIt() {
    // the first two windows agree (8/s and 8/s) at 0.5 s: too early
    WarmUp.Tracker tracker = RULE.tracker();
    for (int i = 0; i < 4; i++) {
      assertFalse(tracker.record(EIGHTH), "step " + i);
    }
    assertEquals(2, tracker.outcome().windows());
  }

  @Test
  void aRateThatNeverSettlesStopsAtTheTimeLimit() {
    // windows alternate between 8/s (two 1/8 s steps) and 16/s (four 1/16 s steps): 12 windows
    // make 3 s, the limit, after 6 x 2 + 6 x 4 = 36 steps
    WarmUp.Tracker tracker = RULE.tracker();
    int fed = 0;
    outer:
    for (int w = 0; w < 100; w++) {
      boolean slow = w % 2 == 0;
      for (int i = 0; i < (slow ? 2 : 4); i++) {
        fed++;
        if (tracker.record(slow ? EIGHTH : SIXTEENTH)) {
          break outer;
        }
      }
    }
    assertEquals(36, fed);
    assertEquals(
        new WarmUp.Outcome(36, 3.0, WarmUp.Reason.TIME_LIMIT, 12, 16.0), tracker.outcome());
  }

  @Test
  void ratesWithinTheToleranceAgree() {
    WarmUp rule = new WarmUp(0.25, 10, 0.25, 0.05, 2);
    WarmUp.Tracker t = rule.tracker();
    // window 1: 16 steps of 1/64 s, 64 steps/s
    for (int i = 0; i < 16; i++) {
      assertFalse(t.record(SIXTY_FOURTH));
    }
    // window 2 closes after 15 steps of 17 ms (0.255 s): 58.8/s, 8% below 64/s
    for (int i = 0; i < 15; i++) {
      assertFalse(t.record(17_000_000L));
    }
    assertEquals(2, t.outcome().windows());
    // window 3: 16 steps of 16 ms (0.256 s): 62.5/s, 5.9% above 58.8/s: still apart
    for (int i = 0; i < 16; i++) {
      assertFalse(t.record(16_000_000L));
    }
    assertEquals(3, t.outcome().windows());
    // window 4: 16 steps of 16.4 ms (0.2624 s): 60.98/s, 2.4% below 62.5/s: agreement
    for (int i = 0; i < 15; i++) {
      assertFalse(t.record(16_400_000L));
    }
    assertTrue(t.record(16_400_000L));
    assertEquals(WarmUp.Reason.STABLE, t.outcome().reason());
    assertEquals(16 / 0.2624, t.outcome().lastRate(), 1e-9);
    assertEquals(63, t.outcome().steps());
  }

  @Test
  void noWarmUpTimeRunsOnlyTheMinimumSteps() {
    WarmUp.Tracker t = WarmUp.forSeconds(0).tracker();
    assertFalse(t.record(EIGHTH));
    assertTrue(t.record(EIGHTH));
    assertEquals(WarmUp.Reason.MIN_STEPS, t.outcome().reason());
    assertThrows(IllegalStateException.class, () -> t.record(EIGHTH));
  }

  @Test
  void runDrivesTheStepsWithAnInjectedClock() {
    List<Long> durations = jitLikeSequence();
    long[] now = {0};
    List<Long> indices = new ArrayList<>();
    WarmUp.Outcome o =
        RULE.run(
            i -> {
              indices.add(i);
              now[0] += durations.get((int) (long) i);
            },
            () -> now[0]);
    assertEquals(new WarmUp.Outcome(40, 1.25, WarmUp.Reason.STABLE, 5, 64.0), o);
    assertEquals(40, indices.size());
    assertEquals(39L, indices.get(39));
  }

  @Test
  void stepTimerTimesTheStepsAfterTheWarmUp() {
    long[] now = {0};
    long[] script = {EIGHTH, EIGHTH, SIXTEENTH, EIGHTH, SIXTY_FOURTH};
    StepTimer.Result r =
        StepTimer.measure(
            WarmUp.forSeconds(0), 3, i -> now[0] += script[(int) (long) i], () -> now[0]);
    assertEquals(2, r.warmUp().steps());
    assertArrayEquals(new double[] {0.0625, 0.125, 0.015625}, r.samples());
    assertEquals(new Spread(0.015625, 0.0625, 0.125, 3), r.seconds());
  }

  @Test
  void batchedSamplesLastAboutTheAskedTime() {
    // warm-up ends stable at 64 steps/s (the JIT-like sequence); samples of 0.25 s hold 16 steps
    List<Long> durations = jitLikeSequence();
    long[] now = {0};
    StepTimer.Result r =
        StepTimer.measureBatched(
            RULE, 3, 0.25, i -> now[0] += durations.get((int) (long) i), () -> now[0]);
    assertEquals(40, r.warmUp().steps());
    assertEquals(16, r.stepsPerSample());
    assertEquals(48, r.timedSteps());
    assertEquals(new Spread(1 / 64.0, 1 / 64.0, 1 / 64.0, 3), r.seconds());
  }

  @Test
  void forSecondsDerivesTheLimits() {
    assertEquals(new WarmUp(3, 9, 0.6, 0.05, 2), WarmUp.forSeconds(3));
    assertEquals(0.01, WarmUp.forSeconds(0).windowSeconds());
  }

  @Test
  void badSettingsAreRefusedNamingTheValue() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> WarmUp.forSeconds(-1));
    assertEquals("warm-up seconds must be finite and >= 0, found -1.0", e.getMessage());
    assertThrows(InvalidInputException.class, () -> new WarmUp(2, 1, 0.1, 0.05, 1));
    assertThrows(InvalidInputException.class, () -> new WarmUp(1, 2, 0.1, 1.5, 1));
  }
}
