package org.replearn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.replearn.core.io.Json;

/**
 * Opens an HTML page in headless Chromium and reports what a reader would meet: console errors,
 * uncaught exceptions, resources that failed to load, images that did not decode, links whose
 * target (an anchor in the page or a file beside it) is missing, and the page's sections and
 * tables. Driven through the Chrome DevTools protocol directly (the JDK's WebSocket client), so no
 * driver binary or protocol version has to match the installed Chromium.
 *
 * <p>Chromium is looked up as {@code $CHROMIUM}, else {@code chromium}, {@code chromium-browser} or
 * {@code google-chrome} on the PATH.
 */
public final class BrowserCheck implements AutoCloseable {
  /** Set (to anything) where a missing browser must fail the tests instead of skipping them. */
  public static final String REQUIRE_ENV = "REPLEARN_REQUIRE_BROWSER";

  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  /**
   * What the page showed.
   *
   * @param sections titles of the {@code h2} sections
   * @param tocLinks entries of the table of contents (links to {@code #...})
   * @param tables number of tables
   * @param emptyTables captions of tables without a data row
   * @param images image sources
   * @param brokenImages images that did not load or decode
   * @param brokenLinks links whose target does not exist
   * @param consoleErrors console errors, uncaught exceptions and error log entries
   * @param failedLoads resources whose loading failed
   */
  public record Page(
      List<String> sections,
      List<String> tocLinks,
      int tables,
      List<String> emptyTables,
      List<String> images,
      List<String> brokenImages,
      List<String> brokenLinks,
      List<String> consoleErrors,
      List<String> failedLoads) {}

  private final Process browser;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();

  private BrowserCheck(Process browser, Path profile, WebSocket socket) {
    this.browser = browser;
    this.profile = profile;
    this.socket = socket;
  }

  /** The Chromium executable, if one is installed. */
  public static Optional<Path> findChromium() {
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts headless Chromium and connects to it. */
  public static BrowserCheck start(Path chromium) throws Exception {
    Path profile = Files.createTempDirectory("replearn-chromium-");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--allow-file-access-from-files",
                "--hide-scrollbars",
                "--window-size=1200,900",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String url = null;
    BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    StringBuilder seen = new StringBuilder();
    for (String line;
        url == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = DEVTOOLS.matcher(line);
      if (m.find()) {
        url = m.group(1);
      }
    }
    if (url == null) {
      p.destroyForcibly();
      throw new IOException("Chromium did not announce its DevTools endpoint: " + seen);
    }
    // keep draining stderr so that Chromium never blocks on a full pipe
    Thread drain =
        new Thread(
            () -> {
              try {
                err.transferTo(java.io.Writer.nullWriter());
              } catch (IOException e) {
                // the browser ended
              }
            });
    drain.setDaemon(true);
    drain.start();
    BrowserCheck[] self = new BrowserCheck[1];
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    self[0].receive(data, last);
                    w.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    self[0] = new BrowserCheck(p, profile, ws);
    return self[0];
  }

  private void receive(CharSequence data, boolean last) {
    synchronized (partial) {
      partial.append(data);
      if (!last) {
        return;
      }
      String text = partial.toString();
      partial.setLength(0);
      try {
        JsonNode msg = Json.mapper().readTree(text);
        if (msg.has("id")) {
          CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
          if (f != null) {
            f.complete(msg);
          }
        } else {
          synchronized (events) {
            events.add(msg);
            events.notifyAll();
          }
        }
      } catch (IOException e) {
        // not JSON: ignore
      }
    }
  }

  private JsonNode send(String sessionId, String method, Map<String, Object> params)
      throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = Json.mapper().createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", Json.mapper().valueToTree(params));
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(Json.mapper().writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = f.get(60, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IOException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  private void awaitEvent(String method, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (events) {
      while (events.stream().noneMatch(e -> method.equals(e.path("method").asText()))) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        events.wait(left);
      }
    }
  }

  /**
   * Loads {@code page} (an HTML file), checks it, and saves a full-page screenshot as PNG to {@code
   * screenshot} (when not null).
   */
  public Page open(Path page, Path screenshot) throws Exception {
    String target =
        send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    String session =
        send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .get("sessionId")
            .asText();
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      send(session, domain + ".enable", Map.of());
    }
    send(session, "Page.navigate", Map.of("url", page.toUri().toString()));
    awaitEvent("Page.loadEventFired", 60_000);
    Thread.sleep(300); // late console messages
    JsonNode facts =
        Json.mapper()
            .readTree(
                send(
                        session,
                        "Runtime.evaluate",
                        Map.of("expression", FACTS_SCRIPT, "returnByValue", true))
                    .get("result")
                    .get("value")
                    .asText());
    if (screenshot != null) {
      JsonNode shot =
          send(
              session,
              "Page.captureScreenshot",
              Map.of("format", "png", "captureBeyondViewport", true));
      Files.createDirectories(screenshot.toAbsolutePath().getParent());
      Files.write(screenshot, Base64.getDecoder().decode(shot.get("data").asText()));
    }
    return page(page.getParent(), facts);
  }

  /** Runs in the page; returns the page's facts as a JSON string. */
  private static final String FACTS_SCRIPT =
      "JSON.stringify({"
          + "sections:[...document.querySelectorAll('h2')].map(h=>h.textContent),"
          + "toc:[...document.querySelectorAll('a[href^=\"#\"]')].map(a=>a.getAttribute('href')),"
          + "tables:[...document.querySelectorAll('table')].map(t=>({caption:"
          + "(t.caption?t.caption.textContent:''),rows:t.querySelectorAll('tr').length})),"
          + "images:[...document.images].map(i=>({src:i.getAttribute('src'),"
          + "ok:i.complete&&i.naturalWidth>0})),"
          + "links:[...document.querySelectorAll('a[href]')].map(a=>a.getAttribute('href')),"
          + "ids:[...document.querySelectorAll('[id]')].map(e=>e.id)})";

  private Page page(Path dir, JsonNode facts) {
    List<String> sections = texts(facts.get("sections"));
    List<String> toc = texts(facts.get("toc"));
    List<String> ids = texts(facts.get("ids"));
    List<String> emptyTables = new ArrayList<>();
    for (JsonNode t : facts.get("tables")) {
      if (t.get("rows").asInt() < 2) {
        emptyTables.add(t.get("caption").asText());
      }
    }
    List<String> images = new ArrayList<>();
    List<String> brokenImages = new ArrayList<>();
    for (JsonNode i : facts.get("images")) {
      images.add(i.get("src").asText());
      if (!i.get("ok").asBoolean()) {
        brokenImages.add(i.get("src").asText());
      }
    }
    List<String> brokenLinks = new ArrayList<>();
    for (String href : texts(facts.get("links"))) {
      boolean ok;
      if (href.startsWith("#")) {
        ok = ids.contains(href.substring(1));
      } else if (href.matches("^[a-z]+:.*")) {
        ok = false; // a report must be self-contained: no links off the machine
      } else {
        Path target = dir.resolve(href.replaceAll("[#?].*$", ""));
        ok = Files.isRegularFile(target) && target.toFile().length() > 0;
      }
      if (!ok) {
        brokenLinks.add(href);
      }
    }
    List<String> consoleErrors = new ArrayList<>();
    List<String> failedLoads = new ArrayList<>();
    Map<String, String> urls = new HashMap<>();
    synchronized (events) {
      for (JsonNode e : events) {
        JsonNode p = e.path("params");
        switch (e.path("method").asText()) {
          case "Runtime.consoleAPICalled" -> {
            String type = p.path("type").asText();
            if (type.equals("error") || type.equals("assert")) {
              consoleErrors.add(type + ": " + p.path("args"));
            }
          }
          case "Runtime.exceptionThrown" ->
              consoleErrors.add("exception: " + p.path("exceptionDetails").path("text").asText());
          case "Log.entryAdded" -> {
            if (p.path("entry").path("level").asText().equals("error")) {
              consoleErrors.add("log: " + p.path("entry").path("text").asText());
            }
          }
          case "Network.requestWillBeSent" ->
              urls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
          case "Network.loadingFailed" ->
              failedLoads.add(
                  urls.getOrDefault(p.path("requestId").asText(), "?")
                      + ": "
                      + p.path("errorText").asText());
          default -> {}
        }
      }
    }
    return new Page(
        sections,
        toc,
        facts.get("tables").size(),
        emptyTables,
        images,
        brokenImages,
        brokenLinks,
        consoleErrors,
        failedLoads);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      socket.abort();
    } finally {
      browser.destroy();
      try {
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
          browser.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deleteProfile();
    }
  }

  /**
   * Deletes the profile folder. Chromium's helper processes can outlive the main one by a moment
   * and still create or remove temporary files there, so a walk that meets a vanished file starts
   * again, up to five times.
   */
  private void deleteProfile() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        return;
      } catch (java.io.UncheckedIOException e) {
        if (attempt == 5) {
          throw e.getCause();
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while deleting " + profile, interrupted);
        }
      }
    }
  }
}
