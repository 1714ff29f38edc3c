package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Output;
import org.replearn.core.InvalidInputException;
import org.replearn.core.run.StagedFolder;
import org.replearn.weightspace.zoo.OfficialZoo;
import org.replearn.weightspace.zoo.ZooStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replearn zoo export DIR --format official-npy --out OFFICIAL_DIR}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a zoo in the official .npy layout, readable by the official Python code.")
public final class ExportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Zoo folder.")
  Path dir;

  @Option(
      names = "--format",
      description = "Only official-npy (default: ${DEFAULT-VALUE}).",
      defaultValue = "official-npy")
  String format;

  @Option(names = "--out", required = true, description = "Folder for the .npy files.")
  Path out;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    InvalidInputException.require(
        "official-npy".equals(format), "--format", "must be official-npy", format);
    // written into a hidden sibling and renamed when complete: a failed export leaves no folder
    int rows =
        StagedFolder.write(out, "--out", staged -> OfficialZoo.exportTo(new ZooStore(dir), staged));
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("out", out.toString());
    printed.put("format", format);
    printed.put("rows", rows);
    Output.print(json, printed);
    return 0;
  }
}
