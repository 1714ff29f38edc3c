package org.replearn.cli.zoo;

import java.nio.file.Path;
import org.replearn.cli.JsonOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The arguments of the commands that read one zoo folder: the folder and {@code --json}. */
public final class ZooFolderArgs {
  @Parameters(paramLabel = "DIR", description = "Zoo folder.")
  Path dir;

  @Mixin JsonOption output;
}
