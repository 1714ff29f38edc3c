package org.replearn.cli;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.replearn.core.InvalidInputException;
import org.replearn.core.run.RunFolder;
import org.replearn.core.run.RunLock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Claims a command's {@code --out} folder for the run ({@link RunFolder}): locked while the run
 * lasts, refused when it holds another command's outputs or a previous run of this command that
 * neither {@code --resume} nor {@code --force} asks to reuse. The run's settings are the command's
 * option values as picocli parsed them, named by their flags; options that do not change a result
 * (where outputs go, printing, parallelism, data location, device) are not settings.
 */
public final class OutputFolder {
  /** Options that are not settings of a run. */
  static final Set<String> NOT_SETTINGS =
      Set.of(
          "--out",
          "--json",
          "--resume",
          "--force",
          "--workers",
          "--threads",
          "--data-dir",
          "--device",
          "--help",
          "--version");

  private static final RunFolder.Names NAMES = new RunFolder.Names("--out", "--resume", "--force");

  private OutputFolder() {}

  /**
   * Claims {@code out} for the command {@code spec} describes.
   *
   * @param resume whether the user asked to continue a previous run
   * @param force whether the user asked to replace a previous run
   * @param compareAll when resuming, compare every setting with the stored one (for commands that
   *     rebuild the run from their options); otherwise only the options given on the command line
   *     (for commands that read their stored settings back)
   * @param alsoFree settings this command lets a resumed run change (e.g. more epochs)
   * @return the lock; close it when the run ends
   */
  public static RunLock claim(
      CommandSpec spec,
      Path out,
      boolean resume,
      boolean force,
      boolean compareAll,
      String... alsoFree)
      throws IOException {
    if (resume && force) {
      throw InvalidInputException.of("--resume / --force", "must not be given together", "both");
    }
    Set<String> free = Set.of(alsoFree);
    ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> compared = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      String name = option.longestName();
      Object value = option.getValue();
      if (NOT_SETTINGS.contains(name)
          || option.usageHelp()
          || option.versionHelp()
          || value == null) {
        continue;
      }
      String text = text(value);
      settings.put(name, text);
      if (!free.contains(name) && (compareAll || parsed.hasMatchedOption(option))) {
        compared.put(name, text);
      }
    }
    RunFolder.Reuse reuse =
        force ? RunFolder.Reuse.REPLACE : resume ? RunFolder.Reuse.RESUME : RunFolder.Reuse.REFUSE;
    return RunFolder.claim(out, NAMES, command(spec), settings, compared, reuse);
  }

  /**
   * Claims {@code out} for a one-shot command, which rewrites all its outputs on every run: the
   * folder is locked while the run writes, and a folder holding another command's outputs is
   * refused; a previous run of the same command is written over.
   */
  public static RunLock claimOneShot(CommandSpec spec, Path out) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      Object value = option.getValue();
      if (!NOT_SETTINGS.contains(option.longestName())
          && !option.usageHelp()
          && !option.versionHelp()
          && value != null) {
        settings.put(option.longestName(), text(value));
      }
    }
    return RunFolder.claim(
        out, NAMES, command(spec), settings, Map.of(), RunFolder.Reuse.OVERWRITE);
  }

  /** The command's name without the program's, e.g. {@code "zoo generate"}. */
  static String command(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    String root = spec.root().name() + " ";
    return q.startsWith(root) ? q.substring(root.length()) : q;
  }

  private static String text(Object value) {
    if (value.getClass().isArray()) {
      int n = Array.getLength(value);
      Object[] items = new Object[n];
      for (int i = 0; i < n; i++) {
        items[i] = Array.get(value, i);
      }
      return String.join(",", Arrays.stream(items).map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }
}
