package org.replearn.cli;

import picocli.CommandLine.Option;

/**
 * {@code --force}: for the commands that keep a run in {@code --out}, replace a previous run there
 * (the {@code force} of {@link OutputFolder#claim}).
 */
public final class ForceOption {

  /** Whether {@code --force} was given. */
  @Option(
      names = "--force",
      description = "Replace a previous run of this command in --out (its files are deleted).")
  public boolean given;
}
