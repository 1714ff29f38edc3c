package org.replearn.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.Main;

/** Bad input to {@code replearn spark}: exit code 2 and one line naming the input. */
@Tag("engine")
class SparkMainTest {

  /** Runs {@code replearn spark args...}; returns the exit code and the "replearn:" lines. */
  private static Result run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      code = Main.execute(new SparkCommand(), false, args);
    } finally {
      System.setErr(oldErr);
    }
    List<String> ours =
        err.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("replearn:"))
            .toList();
    return new Result(code, ours);
  }

  private record Result(int code, List<String> lines) {
    void assertBadInput(String start) {
      assertEquals(2, code, lines.toString());
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("replearn: " + start), lines.get(0));
    }
  }

  @Test
  void unreachableMaster(@TempDir Path tmp) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String master = "spark://127.0.0.1:" + port;
    run("zoo", "--master", master, "--models", "2", "--out", tmp.resolve("z").toString())
        .assertBadInput("--master must be reachable, found " + master);
    assertTrue(Files.notExists(tmp.resolve("z")), "nothing written");
  }

  @Test
  void optionsTheOneMachineCommandsRefuse(@TempDir Path tmp) {
    String out = tmp.resolve("z").toString();
    run("zoo", "--models", "0", "--out", out).assertBadInput("--models must be >= 1, found 0");
    run("zoo", "--task", "tomita", "--out", out).assertBadInput("--task must be one of");
    run("encoders", "--zoo", out, "--steps", "0", "--out", out)
        .assertBadInput("--steps must be > 0, found 0");
    run("encoders", "--zoo", out, "--encoders", "nope", "--out", out).assertBadInput("--encoder");
  }

  @Test
  void unwritableOutputAndNotAZoo(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    run("zoo", "--master", "local[1]", "--models", "2", "--out", file.toString())
        .assertBadInput("output folder must be a writable folder, found " + file);
    Path notZoo = Files.createDirectories(tmp.resolve("not-a-zoo"));
    run(
            "encoders",
            "--master",
            "local[1]",
            "--zoo",
            notZoo.toString(),
            "--out",
            tmp.resolve("g").toString())
        .assertBadInput("--zoo must be a zoo folder");
  }
}
