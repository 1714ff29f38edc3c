package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormalLanguageTest {
  // tokens: a=0 b=1 c=2 d=3 BOS=4 EOS=5
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int D = 3;
  private static final int BOS = 4;
  private static final int EOS = 5;

  private final FormalLanguage language = FormalLanguage.official(new int[] {0, 1, -1, 0});

  @Test
  void thereAre216TasksWithDifferencesInMinus3To2() {
    List<int[]> all = FormalLanguage.allDifferences(4);
    assertEquals(216, all.size());
    Set<String> distinct = new HashSet<>();
    for (int[] d : all) {
      assertEquals(0, d[0]);
      for (int i = 1; i < 4; i++) {
        assertTrue(d[i] >= -3 && d[i] <= 2);
      }
      distinct.add(java.util.Arrays.toString(d));
    }
    assertEquals(216, distinct.size());
  }

  @Test
  void handMadeStringsAreJudgedByCounts() {
    // n = 2: a a b b b c d d
    assertTrue(language.accepts(new int[] {BOS, A, A, B, B, B, C, D, D, EOS, EOS}));
    // n = 1: a b b d (zero c)
    assertTrue(language.accepts(new int[] {BOS, A, B, B, D, EOS}));
    // shuffled letters: counts right, order wrong -> official accepts, strict rejects
    int[] shuffled = {BOS, B, A, D, B, EOS};
    assertTrue(language.accepts(shuffled));
    assertFalse(language.acceptsStrictly(shuffled));
    assertTrue(language.acceptsStrictly(new int[] {BOS, A, B, B, D, EOS}));
    // one b too few
    assertFalse(language.accepts(new int[] {BOS, A, A, B, B, C, D, D, EOS}));
    // no EOS: undefined, not accepted
    assertFalse(language.accepts(new int[] {BOS, A, B, B, D}));
    // letters after the first EOS do not count
    assertTrue(language.accepts(new int[] {BOS, A, B, B, D, EOS, A, A}));
    // the empty word is in the language only when every n + d_x can be 0: not here (d_b = 1)
    assertFalse(language.accepts(new int[] {BOS, EOS}));
    assertTrue(FormalLanguage.official(new int[] {0, 0, 0, 0}).accepts(new int[] {BOS, EOS}));
  }

  @Test
  void sampledStringsAreInTheLanguageAndFollowTheOfficialLayout() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int[] d : FormalLanguage.allDifferences(4)) {
      FormalLanguage l = FormalLanguage.official(d);
      for (int i = 0; i < 5; i++) {
        int[] s = l.sample(rng);
        assertEquals(42, s.length);
        assertEquals(BOS, s[0]);
        if (l.accepts(s)) {
          assertTrue(l.acceptsStrictly(s));
        } else {
          // only a word cut at 41 letters (no EOS) may fail
          assertFalse(java.util.Arrays.stream(s).anyMatch(t -> t == EOS));
        }
      }
    }
    // n = 3 for (0, -3, 2, 0): a a a, no b, c x5, d x3
    assertArrayEquals(
        new int[] {BOS, A, A, A, C, C, C, C, C, D, D, D, EOS, EOS},
        java.util.Arrays.copyOf(new FormalLanguage(new int[] {0, -3, 2, 0}, 14, 4).string(3), 14));
  }

  @Test
  void entropyCriterionMatchesNumpy() {
    // python3: see task_entropy_criterion in the official dataset_classes.py, evaluated with numpy
    // 2.4.6 on np.array([[0,0,0,0],[0,1,-1,0],[0,-3,2,0]])
    assertEquals(1.3862903611278907, FormalLanguage.taskEntropy(new int[] {0, 0, 0, 0}), 1e-12);
    assertEquals(1.3208843431586557, FormalLanguage.taskEntropy(new int[] {0, 1, -1, 0}), 1e-12);
    assertEquals(1.2519854208262131, FormalLanguage.taskEntropy(new int[] {0, -3, 2, 0}), 1e-12);
  }
}
