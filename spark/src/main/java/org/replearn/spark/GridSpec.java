package org.replearn.spark;

import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.encoder.EncoderKind;

/**
 * An encoder grid: the cross product of zoos x encoders x emulation settings x seeds, one emulation
 * run each, then the downstream evaluation of every run.
 *
 * @param zoos zoo folders on the shared file system
 * @param encoders encoder names ({@link EncoderKind#cliName})
 * @param configs emulation settings (the cross product of the list-valued options)
 * @param seeds run seeds
 * @param evalSeeds predictor seeds per downstream target
 * @param predictorSteps predictor training steps
 */
public record GridSpec(
    List<String> zoos,
    List<String> encoders,
    List<EmulationConfig> configs,
    List<Long> seeds,
    int evalSeeds,
    int predictorSteps) {

  public GridSpec {
    InvalidInputException.require(!zoos.isEmpty(), "zoos", "must not be empty", zoos);
    InvalidInputException.require(!encoders.isEmpty(), "encoders", "must not be empty", encoders);
    InvalidInputException.require(!configs.isEmpty(), "configs", "must not be empty", configs);
    InvalidInputException.require(!seeds.isEmpty(), "seeds", "must not be empty", seeds);
    InvalidInputException.require(evalSeeds >= 1, "eval seeds", "must be >= 1", evalSeeds);
    InvalidInputException.require(
        predictorSteps >= 1, "predictor steps", "must be >= 1", predictorSteps);
    for (String e : encoders) {
      EncoderKind.parse(e);
    }
    zoos = List.copyOf(zoos);
    encoders = List.copyOf(encoders);
    configs = List.copyOf(configs);
    seeds = List.copyOf(seeds);
  }

  /**
   * One run of the grid.
   *
   * @param index position in {@link #runs()}
   * @param zoo index into {@link #zoos}
   * @param encoder encoder name
   * @param config index into {@link #configs}
   * @param seed run seed
   */
  public record Run(int index, int zoo, String encoder, int config, long seed) {
    /** The run's folder, relative to the grid's output folder. */
    public String folder() {
      return String.format("runs/zoo-%d/%s/config-%d/seed-%d", zoo, encoder, config, seed);
    }
  }

  /** Every run, zoo-major, then encoder, settings, seed. */
  public List<Run> runs() {
    List<Run> runs = new ArrayList<>();
    for (int z = 0; z < zoos.size(); z++) {
      for (String e : encoders) {
        for (int c = 0; c < configs.size(); c++) {
          for (long s : seeds) {
            runs.add(new Run(runs.size(), z, e, c, s));
          }
        }
      }
    }
    return runs;
  }
}
