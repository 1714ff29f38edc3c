package org.replearn.cli.privacy;

import org.replearn.privacy.accounting.NeighbouringRelation;
import picocli.CommandLine.Option;

/** {@code --neighbouring}: which data sets count as neighbours, for every privacy command. */
final class NeighbouringOption {
  @Option(
      names = "--neighbouring",
      defaultValue = "add-remove",
      description = "add-remove or replace-one (default: ${DEFAULT-VALUE}).")
  String neighbouring;

  /** The parsed relation (an unknown name is refused naming the option). */
  NeighbouringRelation relation() {
    return NeighbouringRelation.parse(neighbouring);
  }
}
