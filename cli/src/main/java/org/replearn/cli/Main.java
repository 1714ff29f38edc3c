package org.replearn.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import picocli.CommandLine;

/** Entry point of the {@code replearn} command. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line without exiting (for tests).
   *
   * @return the exit code: 0 success, 1 failure, 2 bad input
   */
  public static int run(String... args) {
    return execute(new ReplearnCommand(), true, args);
  }

  /**
   * Runs {@code command} (a picocli command object) on {@code args} with the CLI's error contract:
   * bad input exits with 2 and one line, other failures with 1, {@code --debug} adds stack traces.
   * Other launchers (the Spark jobs) use it for their own commands.
   *
   * @param progressBars whether library progress is drawn as bars on stderr
   * @return the exit code: 0 success, 1 failure, 2 bad input
   */
  public static int execute(Object command, boolean progressBars, String... args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    if (progressBars) {
      Progress.install(new ConsoleProgress());
    }
    CommandLine cl = new CommandLine(command);
    FiniteNumbers.register(cl);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          // one line, as every bad-input error: the message, then where the usage is
          err.println(
              "replearn: "
                  + ex.getMessage().strip()
                  + " (see '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help')");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (debug) {
            ex.printStackTrace(err);
          }
          if (ex instanceof InvalidInputException bad) {
            // the library names its fields; the user typed this command's flags
            err.println("replearn: " + FlagNames.message(bad, commandLine.getCommandSpec()));
            return 2;
          }
          if (ex instanceof java.io.IOException) {
            // an I/O failure (full disk, permissions): the readers and writers name the file
            err.println("replearn: " + ex.getMessage());
            return 1;
          }
          err.println("replearn: failed: " + ex);
          return 1;
        });
    return cl.execute(rest);
  }
}
