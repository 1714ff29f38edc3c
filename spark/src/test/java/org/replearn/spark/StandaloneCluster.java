package org.replearn.spark;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each a separate JVM
 * started from the Spark jars, with a {@code SPARK_HOME} laid out from this JVM's class path
 * ({@code jars/} links every jar of it; the module's class folders go to the executors through
 * {@code spark.executor.extraClassPath}). Free ports are picked at start; {@link #close} kills
 * everything it started.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path dir;
  private final Path home;
  private final int masterPort;
  private final int masterUiPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final List<String> classFolders = new ArrayList<>();

  /** Starts a master and {@code workers} workers with {@code cores} cores and 1 GiB each. */
  StandaloneCluster(Path dir, int workerCount, int cores) throws IOException, InterruptedException {
    this.dir = dir;
    home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "replearn test layout\n");
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(p)) {
        classFolders.add(p.toString());
      } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = home.resolve("jars").resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p);
        }
      }
    }
    masterPort = freePort();
    masterUiPort = freePort();
    master =
        start(
            dir.resolve("master.log"),
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(masterPort),
            "--webui-port",
            Integer.toString(masterUiPort));
    try {
      startWorkers(dir, workerCount, cores);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startWorkers(Path dir, int workerCount, int cores)
      throws IOException, InterruptedException {
    awaitPort(masterPort, Duration.ofSeconds(60));
    for (int i = 0; i < workerCount; i++) {
      Path work = dir.resolve("worker-" + i);
      Files.createDirectories(work);
      workers.add(
          start(
              dir.resolve("worker-" + i + ".log"),
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--webui-port",
              Integer.toString(freePort()),
              "--cores",
              Integer.toString(cores),
              "--memory",
              "1g",
              "--work-dir",
              work.toString(),
              masterUrl()));
    }
    awaitAliveWorkers(workerCount, Duration.ofSeconds(90));
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Settings a driver in this JVM needs to run jobs on the cluster. */
  Map<String, String> driverSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.driver.host", "127.0.0.1");
    m.put("spark.driver.bindAddress", "127.0.0.1");
    m.put("spark.ui.enabled", "false");
    m.put("spark.executor.memory", "768m");
    m.put("spark.executor.cores", "1");
    m.put("spark.executor.extraClassPath", String.join(File.pathSeparator, classFolders));
    return m;
  }

  /** Kills worker {@code i} and its executors with SIGKILL. */
  void killWorker(int i) throws InterruptedException {
    Process w = workers.get(i);
    w.descendants().forEach(ProcessHandle::destroyForcibly);
    w.destroyForcibly();
    w.waitFor();
  }

  /** Alive workers as the master reports them. */
  int aliveWorkers() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(r.body());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The last lines of every log the cluster wrote (master, workers, executors), for failures. */
  String logTails() throws IOException {
    StringBuilder b = new StringBuilder();
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path log :
          s.filter(
                  p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("stderr"))
              .sorted()
              .toList()) {
        List<String> lines = Files.readAllLines(log);
        b.append("\n==> ").append(log).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 25), lines.size())
            .forEach(l -> b.append(l).append('\n'));
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Process p : workers) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    master.destroyForcibly();
    for (Process p : workers) {
      p.onExit().join();
    }
    master.onExit().join();
  }

  private Process start(Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-")) {
        cmd.add(flag);
      }
    }
    cmd.add("-cp");
    cmd.add(home.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // the launcher asks for the Scala version when it finds no build directories under SPARK_HOME
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb.start();
  }

  private void awaitAliveWorkers(int n, Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (aliveWorkers() >= n) {
          return;
        }
      } catch (IOException e) {
        // the master's UI is not up yet
      }
      Thread.sleep(300);
    }
    throw new IOException("fewer than " + n + " workers registered within " + timeout);
  }

  private static void awaitPort(int port, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(300);
      }
    }
    throw new IOException("nothing listens on port " + port + " after " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
