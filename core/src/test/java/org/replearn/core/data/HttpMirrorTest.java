package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpMirror} against a mirror served on the loopback interface (no network). */
class HttpMirrorTest {
  @TempDir Path tmp;
  HttpServer server;
  Path served;

  @BeforeEach
  void serve() throws IOException {
    served = Files.createDirectories(tmp.resolve("served"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/mnist/",
        exchange -> {
          Path file =
              served.resolve(exchange.getRequestURI().getPath().substring("/mnist/".length()));
          if (Files.isRegularFile(file)) {
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } else {
            exchange.sendResponseHeaders(404, -1);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpMirror mirror() {
    return HttpMirror.of("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
  }

  @Test
  void downloadsTheGzipFileOfEachName() throws IOException {
    ImageDataset data = IdxTest.random(8, 1);
    Idx.writeLabels(served.resolve("t10k-labels-idx1-ubyte.gz"), data);
    PinnedFile labels = DatasetName.MNIST.labels(Split.TEST);
    Path staging = Files.createDirectories(tmp.resolve("staging"));

    Map<String, Path> got = mirror().fetch(List.of(labels), staging);

    Path file = got.get("t10k-labels-idx1-ubyte");
    assertEquals(staging.resolve("t10k-labels-idx1-ubyte.gz"), file);
    assertArrayEquals(
        Files.readAllBytes(served.resolve("t10k-labels-idx1-ubyte.gz")), Files.readAllBytes(file));
  }

  @Test
  void aMissingFileIsReportedWithItsUrlAndStatus() throws IOException {
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> mirror().fetch(List.of(DatasetName.MNIST.images(Split.TRAIN)), staging));
    assertTrue(
        e.getMessage()
            .matches(
                "GET http://127\\.0\\.0\\.1:\\d+/mnist/train-images-idx3-ubyte\\.gz answered HTTP 404"),
        e.getMessage());
  }

  @Test
  void aClosedPortFailsFastWithAReason() throws IOException {
    int port = server.getAddress().getPort();
    server.stop(0);
    Path staging = Files.createDirectories(tmp.resolve("staging"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                HttpMirror.of("http://127.0.0.1:" + port + "/mnist/")
                    .fetch(List.of(DatasetName.MNIST.images(Split.TRAIN)), staging));
    assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1: "), e.getMessage());
  }
}
