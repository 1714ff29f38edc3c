package org.replearn.weightspace.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;

/**
 * One formal language of the official zoo: L = { a^(n+d_a) b^(n+d_b) c^(n+d_c) d^(n+d_d) } with
 * occurrence differences d = (0, d_b, d_c, d_d), d_i in {-3..2}, giving 6^3 = 216 languages.
 *
 * <p>Tokens are 0..K-1 for the K letters, BOS = K and EOS = K+1 (K+2 = 6 tokens). A training string
 * has length {@code sequenceLength} (42): BOS, then the word, then EOS padding; n is uniform in
 * [max(0, -min d), maxN). The official acceptance test ({@link #accepts}) looks only at letter
 * counts before the first EOS: a string is accepted when it contains an EOS and count(x) - d_x is
 * the same for every letter x. Letter order is not checked; {@link #acceptsStrictly} also requires
 * the order a* b* c* d*.
 *
 * @param differences occurrence differences, first entry 0, length K
 * @param sequenceLength string length including BOS
 * @param maxN exclusive upper bound of n
 */
public record FormalLanguage(int[] differences, int sequenceLength, int maxN) {

  /** Smallest occurrence difference drawn by the official code. */
  public static final int MIN_DIFFERENCE = -3;

  /** Largest occurrence difference drawn by the official code. */
  public static final int MAX_DIFFERENCE = 2;

  /** Official string length for the 4-letter zoo (BOS + 41 tokens). */
  public static final int OFFICIAL_LENGTH = 42;

  /** Official exclusive bound of n. */
  public static final int OFFICIAL_MAX_N = 10;

  public FormalLanguage {
    differences = differences.clone();
    InvalidInputException.require(
        differences.length >= 1 && differences[0] == 0,
        "occurrence differences",
        "must start with 0",
        Arrays.toString(differences));
    InvalidInputException.require(
        sequenceLength >= 2, "sequence length", "must be >= 2", sequenceLength);
    int minN = Math.max(0, -Arrays.stream(differences).min().getAsInt());
    InvalidInputException.require(maxN > minN, "max n", "must be > " + minN, maxN);
  }

  /** The language with official length and n bound. */
  public static FormalLanguage official(int[] differences) {
    return new FormalLanguage(differences, OFFICIAL_LENGTH, OFFICIAL_MAX_N);
  }

  /**
   * Draws a task as the official code does: d_1.. d_{K-1} uniform in {-3..2}.
   *
   * @param letters K
   */
  public static int[] randomDifferences(SplittableRandom rng, int letters) {
    int[] d = new int[letters];
    for (int i = 1; i < letters; i++) {
      d[i] = MIN_DIFFERENCE + rng.nextInt(MAX_DIFFERENCE - MIN_DIFFERENCE + 1);
    }
    return d;
  }

  /** All 6^(K-1) difference vectors, the first difference varying slowest. */
  public static List<int[]> allDifferences(int letters) {
    List<int[]> all = new ArrayList<>();
    int span = MAX_DIFFERENCE - MIN_DIFFERENCE + 1;
    int count = (int) Math.pow(span, letters - 1);
    for (int code = 0; code < count; code++) {
      int[] d = new int[letters];
      int rest = code;
      for (int i = letters - 1; i >= 1; i--) {
        d[i] = MIN_DIFFERENCE + rest % span;
        rest /= span;
      }
      all.add(d);
    }
    return all;
  }

  /** Number of letters K. */
  public int letters() {
    return differences.length;
  }

  /** Token count K + 2 (letters, BOS, EOS). */
  public int tokens() {
    return letters() + 2;
  }

  /** The BOS token K. */
  public int bos() {
    return letters();
  }

  /** The EOS token K + 1. */
  public int eos() {
    return letters() + 1;
  }

  /** Smallest n, max(0, -min d). */
  public int minN() {
    return Math.max(0, -Arrays.stream(differences).min().getAsInt());
  }

  /** The occurrence differences (a copy). */
  @Override
  public int[] differences() {
    return differences.clone();
  }

  /**
   * The training string for a given n: BOS, a^(n+d_a) b^(n+d_b) ..., EOS padding. As in the
   * official code, a word longer than {@code sequenceLength - 1} is cut (then no EOS follows).
   *
   * @return [sequenceLength] tokens
   */
  public int[] string(int n) {
    int[] s = new int[sequenceLength];
    Arrays.fill(s, eos());
    s[0] = bos();
    int pos = 1;
    for (int x = 0; x < letters(); x++) {
      for (int k = 0; k < n + differences[x] && pos < sequenceLength; k++) {
        s[pos++] = x;
      }
    }
    return s;
  }

  /** A training string with n uniform in [minN, maxN). */
  public int[] sample(SplittableRandom rng) {
    return string(minN() + rng.nextInt(maxN - minN()));
  }

  /**
   * The official acceptance test: the string holds an EOS, and count(x) - d_x before the first EOS
   * is equal for all letters. Position 0 (BOS) is counted like any other non-letter token.
   */
  public boolean accepts(int[] tokens) {
    int[] counts = new int[letters()];
    boolean sawEos = false;
    for (int t : tokens) {
      if (t == eos()) {
        sawEos = true;
        break;
      }
      if (t < letters()) {
        counts[t]++;
      }
    }
    if (!sawEos) {
      return false;
    }
    for (int x = 1; x < letters(); x++) {
      if (counts[x] - differences[x] != counts[0] - differences[0]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Acceptance with letter order: {@link #accepts} and, before the first EOS, BOS first and then
   * the letters in non-decreasing order with no other token.
   */
  public boolean acceptsStrictly(int[] tokens) {
    if (!accepts(tokens) || tokens.length == 0 || tokens[0] != bos()) {
      return false;
    }
    int last = 0;
    for (int i = 1; i < tokens.length && tokens[i] != eos(); i++) {
      if (tokens[i] >= letters() || tokens[i] < last) {
        return false;
      }
      last = tokens[i];
    }
    return true;
  }

  /**
   * The official split criterion {@code task_entropy_criterion}: the entropy -sum p log(p + 1e-6)
   * of p = (1 + d - min d) / sum (numpy promotes it to float64). Balanced languages (a^n b^n c^n
   * d^n) have the largest entropy.
   */
  public static double taskEntropy(int[] differences) {
    int min = Arrays.stream(differences).min().getAsInt();
    long sum = 0;
    for (int d : differences) {
      sum += 1 + d - min;
    }
    double entropy = 0;
    for (int d : differences) {
      double p = (double) (float) (1 + d - min) / sum;
      entropy -= p * Math.log(p + 1e-6);
    }
    return entropy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FormalLanguage f
        && Arrays.equals(differences, f.differences)
        && sequenceLength == f.sequenceLength
        && maxN == f.maxN;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(differences) + sequenceLength) + maxN;
  }

  @Override
  public String toString() {
    return "FormalLanguage" + Arrays.toString(differences);
  }
}
