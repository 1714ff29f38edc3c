package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Output;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replearn zoo info DIR}: counts, tasks, metric ranges per checkpoint step, split sizes. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Describe a zoo: models, checkpoints, tasks, metric distributions per step, splits.")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Zoo folder.")
  Path dir;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ZooStore store = new ZooStore(dir);
    ZooSpec spec = store.readSpec();
    ZooIndex index = store.readIndex();
    ZooSummary s = ZooSummary.of(spec, index);
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("dir", dir.toString());
    printed.put("family", s.family());
    printed.put("formatVersion", spec.formatVersion());
    printed.put("parameters", spec.lstm().parameterCount());
    printed.put("models", s.models());
    printed.put("plannedModels", spec.models());
    printed.put("checkpoints", s.checkpoints());
    printed.put("rows", s.rows());
    printed.put("tasks", s.tasks());
    printed.put("metrics", s.metrics());
    printed.put("splits", s.splits());
    Output.print(json, printed);
    return 0;
  }
}
