package org.replearn.weightspace.encoder;

import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;

/** The encoders of the paper, with their CLI names and official config keys. */
public enum EncoderKind {
  /**
   * Per-tensor mean, variance and quantiles, then an MLP (official {@code layerwise_statistics}).
   */
  STATS("stats", "layerwise_statistics", false, 0),
  /** All parameters concatenated, then an MLP (official {@code flat}). */
  FLAT("flat", "flat", true, 0),
  /** One token per neuron row, then a transformer (official {@code parameter_transformer}). */
  TRANSFORMER("transformer", "parameter_transformer", true, 4),
  /** Deep-weight-space network with gates as channels (official {@code nf}). */
  DWS("dws", "nf", false, 0),
  /** Probing with learned fixed probes (official {@code noninteractive_1}). */
  NONINTERACTIVE("noninteractive", "noninteractive_1", false, 0),
  /** Probing whose probes depend on earlier answers (official {@code interactive_1}). */
  INTERACTIVE("interactive", "interactive_1", false, 0);

  private final String cliName;
  private final String officialKey;
  private final boolean permutationAugmentation;
  private final int defaultMicroBatch;

  EncoderKind(
      String cliName, String officialKey, boolean permutationAugmentation, int defaultMicroBatch) {
    this.cliName = cliName;
    this.officialKey = officialKey;
    this.permutationAugmentation = permutationAugmentation;
    this.defaultMicroBatch = defaultMicroBatch;
  }

  /** Name used on the command line and in files. */
  public String cliName() {
    return cliName;
  }

  /** The key of the official {@code training_configs.py}. */
  public String officialKey() {
    return officialKey;
  }

  /** Whether the official code trains this encoder with hidden-unit permutation augmentation. */
  public boolean permutationAugmentation() {
    return permutationAugmentation;
  }

  /**
   * Checkpoints per forward/backward pass when emulation training does not say (0: the whole
   * batch). The parameter transformer's step at the official batch of 64 peaks at 5.8 GB resident
   * as one pass and at 0.8 GB in micro-batches of 4, and runs 5x faster so (its [4, 2, 519, 519]
   * attention arrays stay in cache; docs/results.md).
   */
  public int defaultMicroBatch() {
    return defaultMicroBatch;
  }

  /**
   * Parses a CLI name such as {@code dws}, in any case.
   *
   * @throws InvalidInputException naming the allowed names for any other
   */
  public static EncoderKind parse(String name) {
    return EnumIds.parse(EncoderKind.class, EncoderKind::cliName, "encoder", name);
  }
}
