package org.replearn.weightspace.downstream;

import org.replearn.core.InvalidInputException;

/**
 * A property to predict from embeddings, with its value for every zoo row.
 *
 * @param name e.g. {@code task}, {@code accuracy}
 * @param kind coding and metric
 * @param groups MULTI_HOT: the size of each one-hot group; CLASS: {number of classes}; SCALAR: {1}
 * @param values per row: MULTI_HOT the class index of each group; CLASS the class index; SCALAR the
 *     value
 */
public record DownstreamTarget(String name, TargetKind kind, int[] groups, double[][] values) {

  public DownstreamTarget {
    InvalidInputException.require(values.length > 0, "target " + name, "must have rows", 0);
    int parts = kind == TargetKind.MULTI_HOT ? groups.length : 1;
    for (double[] v : values) {
      InvalidInputException.require(
          v.length == parts, "target " + name, "must have " + parts + " values per row", v.length);
    }
  }

  /** Width of the predictor's output: sum of the groups, the class count, or 1. */
  public int outputSize() {
    return switch (kind) {
      case MULTI_HOT -> java.util.Arrays.stream(groups).sum();
      case CLASS -> groups[0];
      case SCALAR -> 1;
    };
  }
}
