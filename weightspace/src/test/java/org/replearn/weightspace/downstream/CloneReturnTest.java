package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.replearn.weightspace.zoo.FormalLanguage;

/**
 * The official clone metric ({@code evaluate_on_formal_language_task}: correct / finished) on
 * hand-made strings. Tokens: a = 0, b = 1, c = 2, d = 3, BOS = 4, EOS = 5.
 */
class CloneReturnTest {
  private static final FormalLanguage ANBNCNDN = new FormalLanguage(new int[] {0, 0, 0, 0}, 8, 10);

  @Test
  void onlyFinishedStringsCount() {
    int[][] strings = {
      {4, 0, 1, 2, 3, 5, 5, 5}, // abcd EOS: finished, correct
      {4, 0, 1, 2, 3, 0, 1, 2}, // no EOS: unfinished, not counted (its prefix abcd would pass)
      {4, 0, 0, 1, 2, 3, 5, 5}, // aabcd EOS: finished, wrong counts
      {4, 0, 1, 2, 0, 1, 2, 3} // no EOS: unfinished
    };
    // correct / finished = 1 / 2; the old accepted / all would give 1 / 4
    assertEquals(0.5, CloneEvaluation.officialReturn(ANBNCNDN, strings), 0);
  }

  @Test
  void letterOrderIsNotCheckedAndCountsStopAtTheFirstEos() {
    int[][] strings = {
      {4, 3, 2, 1, 0, 5, 0, 0}, // dcba EOS aa: counts before the first EOS are equal
      {4, 5, 0, 0, 0, 0, 0, 0} // EOS at once: the empty word a^0 b^0 c^0 d^0
    };
    assertEquals(1.0, CloneEvaluation.officialReturn(ANBNCNDN, strings), 0);
  }

  @Test
  void noFinishedStringGivesZero() {
    int[][] strings = {{4, 0, 1, 2, 3, 0, 1, 2}, {4, 0, 0, 0, 0, 0, 0, 0}};
    assertEquals(0.0, CloneEvaluation.officialReturn(ANBNCNDN, strings), 0);
  }

  @Test
  void occurrenceDifferencesShiftTheCounts() {
    // d = (0, 1, 0, -1): a^n b^(n+1) c^n d^(n-1)
    FormalLanguage shifted = new FormalLanguage(new int[] {0, 1, 0, -1}, 8, 10);
    int[][] strings = {
      {4, 0, 1, 1, 2, 5, 5, 5}, // a bb c: n = 1, correct
      {4, 0, 1, 2, 3, 5, 5, 5}, // abcd: wrong
      {4, 1, 5, 5, 5, 5, 5, 5} // b: n = 0 would need d^-1, so the counts minus d differ: wrong
    };
    assertEquals(1 / 3.0, CloneEvaluation.officialReturn(shifted, strings), 1e-15);
  }
}
