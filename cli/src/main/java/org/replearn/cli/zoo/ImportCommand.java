package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.replearn.cli.JsonOption;
import org.replearn.weightspace.zoo.OfficialZoo;
import org.replearn.weightspace.zoo.ZooStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn zoo import --from OFFICIAL_DIR --out DIR}. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Import an official zoo (Zenodo 10835106: .npy files and args.json) as a replearn zoo.")
public final class ImportCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Option(names = "--from", required = true, description = "Official zoo folder.")
  Path from;

  @Option(names = "--out", required = true, description = "New replearn zoo folder.")
  Path out;

  /** What {@code zoo import} prints, in this order. */
  record Imported(String out, String family, int models, int rows) {}

  @Override
  public Integer call() throws Exception {
    // OfficialZoo stages the zoo in a hidden sibling (StagedFolder): a failed import leaves no zoo
    OfficialZoo.ImportResult r = OfficialZoo.importFrom(from, new ZooStore(out));
    output.print(new Imported(out.toString(), r.spec().family(), r.models(), r.rows()));
    return 0;
  }
}
