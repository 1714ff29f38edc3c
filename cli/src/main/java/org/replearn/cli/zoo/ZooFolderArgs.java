package org.replearn.cli.zoo;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments of the commands that read one zoo folder: the folder and {@code --json}. */
public final class ZooFolderArgs {
  @Parameters(paramLabel = "DIR", description = "Zoo folder.")
  Path dir;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;
}
