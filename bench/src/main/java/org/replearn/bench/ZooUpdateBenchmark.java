package org.replearn.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooMember;
import org.replearn.weightspace.zoo.ZooUpdates;

/**
 * One training update of {@code models} formal-language zoo LSTMs (official recipe: batch 32,
 * 41-step sequences, AdamW), as {@code replearn zoo bench} times it; the score is updates per
 * second, so model-steps per second are score x models.
 */
public class ZooUpdateBenchmark extends StepsPerSecondBenchmark {
  /** Models updated per call (M of a worker batch). */
  @Param({"8"})
  public int models;

  private ZooUpdates updates;
  private long update;

  @Setup
  public void setUp() {
    FormalLanguageZoo task = FormalLanguageZoo.official();
    List<ZooMember> members = new ArrayList<>();
    Seeds seeds = new Seeds(0);
    for (int i = 0; i < models; i++) {
      members.add(task.member(seeds, i));
    }
    updates = ZooUpdates.fromScratch(task, TrainingRecipe.official(), members);
  }

  /** One update of every model; the summed loss goes back to JMH's blackhole. */
  @Benchmark
  public double update() {
    return updates.update(update++);
  }
}
