package org.replearn.cli;

import java.io.PrintStream;
import java.util.Map;
import org.replearn.core.io.Json;

/** Prints results: one JSON object with {@code --json}, otherwise readable "key: value" lines. */
public final class Output {
  private Output() {}

  /**
   * Prints {@code result} on stdout.
   *
   * @param json whether {@code --json} was given
   * @param result an ordered map or a record
   */
  public static void print(boolean json, Object result) {
    PrintStream out = System.out;
    if (json) {
      out.println(Json.compact(result));
      return;
    }
    if (result instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = e.getValue();
        out.println(e.getKey() + ": " + (v instanceof String s ? s : Json.compact(v)));
      }
    } else {
      out.println(Json.compact(result));
    }
  }
}
