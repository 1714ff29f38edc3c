package org.replearn.core.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A web mirror that serves {@code <base><name>.gz} for each IDX file, like the canonical MNIST and
 * Fashion-MNIST sites. Connection attempts time out quickly, so an unreachable mirror costs
 * seconds.
 *
 * @param base the folder URL, ending in {@code /}
 */
public record HttpMirror(URI base) implements DataSource {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);

  /** A mirror at {@code base} (must end in {@code /}). */
  public static HttpMirror of(String base) {
    return new HttpMirror(URI.create(base));
  }

  @Override
  public String describe() {
    return base.toString();
  }

  @Override
  public Map<String, Path> fetch(List<PinnedFile> files, Path staging) throws IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    Map<String, Path> fetched = new LinkedHashMap<>();
    for (PinnedFile file : files) {
      String name = file.name();
      URI uri = base.resolve(name + ".gz");
      Path target = staging.resolve(name + ".gz");
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
      HttpResponse<Path> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofFile(target));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while fetching " + uri);
      } catch (ConnectException e) {
        throw new IOException("cannot connect to " + uri.getHost() + ": " + cause(e), e);
      } catch (HttpTimeoutException e) {
        throw new IOException("GET " + uri + " timed out: " + e.getMessage(), e);
      }
      if (response.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
      }
      fetched.put(name, target);
    }
    return fetched;
  }

  /** The innermost reason a connection failed (the JDK's ConnectException often has no message). */
  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
      return "host name does not resolve";
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
