package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.replearn.core.numeric.TrapLimit;

/**
 * {@code replearn} run in a child JVM (the test's own class path and the launcher's JVM flags), so
 * that a test can kill it with SIGKILL as a crash or an impatient user would, or run two at once.
 * stdout and stderr go to files next to the outputs.
 */
public final class ChildRun {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  /**
   * Starts {@code replearn args...}; its stdout and stderr are written to {@code logs/<name>.out}
   * and {@code .err}.
   */
  public static ChildRun start(Path logs, String name, List<String> args) throws IOException {
    return new ChildRun(logs, name, args);
  }

  private ChildRun(Path logs, String name, List<String> args) throws IOException {
    Files.createDirectories(logs);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add(TrapLimit.FLAG);
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    stdout = logs.resolve(name + ".out");
    stderr = logs.resolve(name + ".err");
    process =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
  }

  /** Waits for the run to end (at most {@code timeout}) and returns its exit code. */
  public int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      fail("replearn did not end within " + timeout + "; stderr: " + stderr());
    }
    return process.exitValue();
  }

  /** Waits for the run and fails (showing stderr) unless it exits with 0. */
  public void succeeds(Duration timeout) throws Exception {
    int code = waitFor(timeout);
    assertEquals(0, code, "stderr: " + stderr());
  }

  /**
   * Polls {@code condition} every 10 ms and sends SIGKILL as soon as it holds; fails when the run
   * ends first or the condition does not hold within {@code timeout}.
   */
  public void killWhen(BooleanSupplier condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        fail(
            "replearn ended (exit "
                + process.exitValue()
                + ") before the kill point; stderr: "
                + stderr());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        fail("kill point not reached within " + timeout + "; stderr: " + stderr());
      }
      Thread.sleep(10);
    }
    process.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
    process.waitFor();
  }

  /** Whether the run has not ended yet. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** What the run printed on stdout so far. */
  public String stdout() throws IOException {
    return Files.readString(stdout);
  }

  /** What the run printed on stderr so far. */
  public String stderr() throws IOException {
    return Files.readString(stderr);
  }
}
