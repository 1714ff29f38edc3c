package org.replearn.multiview.ot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The launcher names {@link FloatLogTensor} methods in {@code -XX:CompileCommand} flags; a flag
 * whose method was renamed away would stop working without a word, so each named method must exist.
 */
class LauncherCompileCommandTest {

  @Test
  void everyMethodTheLauncherNamesExists() throws Exception {
    String launcher = Files.readString(Path.of("..", "replearn"));
    Matcher m =
        Pattern.compile(
                "CompileCommand=\\w+,org\\.replearn\\.multiview\\.ot\\.FloatLogTensor::(\\w+)")
            .matcher(launcher);
    List<String> declared =
        Arrays.stream(FloatLogTensor.class.getDeclaredMethods())
            .map(java.lang.reflect.Method::getName)
            .collect(Collectors.toList());
    boolean any = false;
    while (m.find()) {
      any = true;
      assertTrue(declared.contains(m.group(1)), m.group(1) + " not in " + declared);
    }
    assertTrue(any, "the launcher names no FloatLogTensor method");
    assertFalse(
        launcher.contains("CompileCommand=dontinline")
            && !launcher.contains("CompileCommand=quiet"),
        "without CompileCommand=quiet the JVM announces each command on stdout");
  }
}
