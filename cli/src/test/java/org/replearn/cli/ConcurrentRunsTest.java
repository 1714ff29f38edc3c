package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.run.RunLock;

/** Two real processes on one output folder: exactly one may own it. */
@Tag("engine")
class ConcurrentRunsTest {
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir Path tmp;

  private List<String> zoo(Path out) {
    return CliRun.smallZoo(2, 1, "0,100", "--workers", "1", "--out", out.toString(), "--json");
  }

  @Test
  void twoZooGenerateRunsStartedTogetherLeaveOneOwnerAndAWholeZoo() throws Exception {
    Path out = tmp.resolve("zoo");
    ChildRun a = ChildRun.start(tmp.resolve("logs"), "a", zoo(out));
    ChildRun b = ChildRun.start(tmp.resolve("logs"), "b", zoo(out));
    int codeA = a.waitFor(RUN);
    int codeB = b.waitFor(RUN);
    assertEquals(List.of(0, 2), List.of(Math.min(codeA, codeB), Math.max(codeA, codeB)));
    ChildRun loser = codeA == 2 ? a : b;
    List<String> lines = loser.stderr().lines().filter(l -> l.startsWith("replearn:")).toList();
    assertEquals(1, lines.size(), loser.stderr());
    assertTrue(
        lines.get(0).contains("--out " + out)
            && (lines.get(0).contains("must not be in use by another run")
                || lines.get(0).contains("must not hold a previous run of 'zoo generate'")),
        lines.get(0));
    CliRun info = CliRun.of("zoo", "info", out.toString(), "--json");
    assertEquals(2, info.json().get("models").asInt());
  }

  @Test
  void aSecondRunOnALockedFolderIsRefusedNamingTheHolder() throws Exception {
    Path out = tmp.resolve("zoo");
    List<String> slow = zoo(out);
    slow.set(slow.indexOf("0,100"), "0,2000");
    ChildRun holder = ChildRun.start(tmp.resolve("logs"), "holder", slow);
    Path lock = out.resolve(RunLock.FILE_NAME);
    long deadline = System.nanoTime() + RUN.toNanos();
    while (RunLock.read(lock) == null && System.nanoTime() < deadline && holder.isAlive()) {
      Thread.sleep(20);
    }
    try {
      assertTrue(holder.isAlive(), "the first run ended before the second started");
      for (List<String> second : List.of(zoo(out), resumed(zoo(out)))) {
        CliRun refused = CliRun.of(second.toArray(String[]::new));
        assertEquals(2, refused.code(), refused.err());
        assertEquals(1, refused.errLines().size(), refused.err());
        String line = refused.errLines().get(0);
        assertTrue(line.contains("--out " + out + " must not be in use by another run"), line);
        assertTrue(line.contains("found pid " + holder.pid() + ", command 'zoo generate'"), line);
      }
    } finally {
      holder.killWhen(() -> true, RUN);
    }
    assertTrue(Files.isRegularFile(lock));
  }

  private static List<String> resumed(List<String> args) {
    args.add("--resume");
    return args;
  }
}
