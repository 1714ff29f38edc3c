package org.replearn.cli.zoo;

import java.util.concurrent.Callable;
import org.replearn.weightspace.zoo.ZooStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code replearn zoo verify DIR}: reads the whole zoo and checks every file: spec, index, each
 * shard's SHA-256 against the index, its tensors' types and shapes, and that every index row lies
 * within its shard and names the model stored there. A damaged zoo ends with exit code 2 naming the
 * first file at fault.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check a zoo folder: spec, index, every shard's SHA-256, tensor layout and index rows.")
public final class VerifyCommand implements Callable<Integer> {
  @Mixin ZooFolderArgs args;

  /** What {@code zoo verify} prints, in this order ({@code ok} is always true: a fault throws). */
  record Verified(
      String dir, String family, int rows, int shards, long bytes, String checksums, boolean ok) {}

  @Override
  public Integer call() throws Exception {
    ZooStore.Verification v = new ZooStore(args.dir).verify();
    Verified printed =
        new Verified(
            args.dir.toString(),
            v.family(),
            v.rows(),
            v.shards(),
            v.bytes(),
            v.checksums() ? "sha256 verified" : "none (index format 1)",
            true);
    args.output.print(printed);
    return 0;
  }
}
