package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.replearn.core.InvalidInputException;
import org.replearn.core.run.StagedFolder;
import org.replearn.weightspace.zoo.OfficialZoo;
import org.replearn.weightspace.zoo.ZooStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn zoo export DIR --format official-npy --out OFFICIAL_DIR}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a zoo in the official .npy layout, readable by the official Python code.")
public final class ExportCommand implements Callable<Integer> {
  @Mixin ZooFolderArgs args;

  @Option(
      names = "--format",
      description = "Only official-npy (default: ${DEFAULT-VALUE}).",
      defaultValue = "official-npy")
  String format;

  @Option(names = "--out", required = true, description = "Folder for the .npy files.")
  Path out;

  /** What {@code zoo export} prints, in this order. */
  record Exported(String out, String format, int rows) {}

  @Override
  public Integer call() throws Exception {
    InvalidInputException.require(
        "official-npy".equals(format), "--format", "must be official-npy", format);
    // written into a hidden sibling and renamed when complete: a failed export leaves no folder
    int rows =
        StagedFolder.write(
            out, "--out", staged -> OfficialZoo.exportTo(new ZooStore(args.dir), staged));
    args.output.print(new Exported(out.toString(), format, rows));
    return 0;
  }
}
