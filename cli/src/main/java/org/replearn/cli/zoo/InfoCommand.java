package org.replearn.cli.zoo;

import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code replearn zoo info DIR}: counts, tasks, metric ranges per checkpoint step, split sizes. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Describe a zoo: models, checkpoints, tasks, metric distributions per step, splits.")
public final class InfoCommand implements Callable<Integer> {
  @Mixin ZooFolderArgs args;

  /** What {@code zoo info} prints, in this order. */
  record Info(
      String dir,
      String family,
      int formatVersion,
      long parameters,
      long models,
      long plannedModels,
      int checkpoints,
      int rows,
      long tasks,
      Map<String, Map<Long, ZooSummary.Distribution>> metrics,
      Map<String, Long> splits) {}

  @Override
  public Integer call() throws Exception {
    ZooStore store = new ZooStore(args.dir);
    ZooSpec spec = store.readSpec();
    ZooIndex index = store.readIndex();
    ZooSummary s = ZooSummary.of(spec, index);
    Info printed =
        new Info(
            args.dir.toString(),
            s.family(),
            spec.formatVersion(),
            spec.lstm().parameterCount(),
            s.models(),
            spec.models(),
            s.checkpoints(),
            s.rows(),
            s.tasks(),
            s.metrics(),
            s.splits());
    args.output.print(printed);
    return 0;
  }
}
