package org.replearn.weightspace.zoo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;

/** Task families by id, and their settings as the plain map stored in {@code zoo.json}. */
public final class ZooTasks {
  private ZooTasks() {}

  /** Family id of the formal-language zoo. */
  public static final String FORMAL_LANGUAGES = "formal-languages";

  /** Family id of the tiled-MNIST zoo. */
  public static final String TILED_MNIST = "tiled-mnist";

  /** Supplies the MNIST training set when a tiled-MNIST task is rebuilt. */
  @FunctionalInterface
  public interface MnistSource {
    ImageDataset trainingSet() throws IOException;
  }

  /** The settings of {@code task}, for {@link ZooSpec#taskSettings}. */
  public static Map<String, Object> settings(ZooTask task) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (task instanceof FormalLanguageZoo f) {
      m.put("sequenceLength", f.sequenceLength());
      m.put("maxN", f.maxN());
      m.put("weightDecay", f.weightDecay());
      m.put("evalSamples", f.evalSamples());
      m.put("storedRollouts", f.storedRollouts());
      m.put("strictOrder", f.strictOrder());
      if (f.coveringTasks()) {
        // only when set, so the settings (and cache keys) of official-assignment zoos are unchanged
        m.put("taskAssignment", "covering");
      }
    } else if (task instanceof TiledMnistZoo t) {
      m.put("images", t.images().count());
      m.put("evalBatches", t.evalBatches());
      m.put("evalBatchSize", t.evalBatchSize());
      m.put("storedRollouts", t.storedRollouts());
    }
    return m;
  }

  /** Rebuilds the task of a zoo spec; {@code mnist} is only called for tiled MNIST. */
  public static ZooTask fromSpec(ZooSpec spec, MnistSource mnist) throws IOException {
    Map<String, Object> s = spec.taskSettings();
    switch (spec.family()) {
      case FORMAL_LANGUAGES:
        Object assignment = s.getOrDefault("taskAssignment", "random");
        InvalidInputException.require(
            "random".equals(assignment) || "covering".equals(assignment),
            "zoo task setting taskAssignment",
            "must be random or covering",
            assignment);
        return new FormalLanguageZoo(
            num(s, "sequenceLength").intValue(),
            num(s, "maxN").intValue(),
            num(s, "weightDecay").doubleValue(),
            num(s, "evalSamples").intValue(),
            num(s, "storedRollouts").intValue(),
            Boolean.TRUE.equals(s.get("strictOrder")),
            "covering".equals(s.get("taskAssignment")));
      case TILED_MNIST:
        ImageDataset images = mnist.trainingSet();
        int count = num(s, "images").intValue();
        InvalidInputException.require(
            images.count() >= count,
            "MNIST training set",
            "must hold " + count + " images",
            images.count());
        return new TiledMnistZoo(
            images.head(count),
            num(s, "evalBatches").intValue(),
            num(s, "evalBatchSize").intValue(),
            num(s, "storedRollouts").intValue());
      default:
        throw InvalidInputException.of(
            "task family", "must be " + FORMAL_LANGUAGES + " or " + TILED_MNIST, spec.family());
    }
  }

  private static Number num(Map<String, Object> s, String key) {
    Object v = s.get(key);
    InvalidInputException.require(
        v instanceof Number, "zoo task setting " + key, "must be a number", v);
    return (Number) v;
  }
}
