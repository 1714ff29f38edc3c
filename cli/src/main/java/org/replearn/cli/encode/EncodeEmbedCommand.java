package org.replearn.cli.encode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.core.io.Safetensors;
import org.replearn.weightspace.downstream.FrozenEmbeddings;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.encoder.WeightEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn encode embed}: embeddings of every zoo row by a trained encoder. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Write the unit-norm embedding of every zoo row (tensor 'embeddings' [rows, 16] and"
            + " 'task' [rows]) to a safetensors file.")
public final class EncodeEmbedCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ZooOptions zoo;

  @Option(names = "--run", required = true, description = "Folder of an `encode train` run.")
  Path run;

  /** What {@code encode embed} prints, in this order. */
  record Embedded(String encoder, int rows, int dimension, String out) {}

  @Override
  public Integer call() throws Exception {
    Path out = common.outOr("embeddings.safetensors");
    Embedded result;
    try (NDManager manager = NDManager.newBaseManager(common.device());
        WeightEncoder encoder = EmulationRun.loadBestEncoder(run, manager)) {
      ZooView view = zoo.open(common.seeds(), manager);
      float[][] z = FrozenEmbeddings.compute(encoder, view.data(), 64, manager);
      int d = z[0].length;
      float[] flat = new float[z.length * d];
      for (int r = 0; r < z.length; r++) {
        System.arraycopy(z[r], 0, flat, r * d, d);
      }
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put("embeddings", manager.create(flat, new Shape(z.length, d)));
      tensors.put("task", manager.create(view.taskOfRow()));
      Safetensors.write(out, tensors);
      result = new Embedded(encoder.kind().cliName(), z.length, d, out.toString());
    }
    common.print(result);
    return 0;
  }
}
