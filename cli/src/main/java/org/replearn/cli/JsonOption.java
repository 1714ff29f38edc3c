package org.replearn.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json} and the printing it selects: part of {@link CommonOptions}, and a mixin of its own
 * for the commands that take no {@link CommonOptions} (the file, data, bench and zoo utilities,
 * Spark jobs).
 */
public final class JsonOption {

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  /** Prints {@code result} (an ordered map or a record) as {@link Output#print} does. */
  public void print(Object result) {
    Output.print(json, result);
  }
}
