package org.replearn.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replearn.core.InvalidInputException;

/**
 * Checks a Spark master URL before a context is created: its form, and for {@code spark://} and
 * {@code k8s://} masters that something listens at the address. Spark itself only notices an
 * unreachable standalone master after three 20-second registration attempts, and then stops the
 * application asynchronously instead of failing.
 */
public final class SparkMaster {
  private SparkMaster() {}

  /** Master used when none is given: every core of this machine, in-process. */
  public static final String DEFAULT = "local[*]";

  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?])?");
  private static final Pattern STANDALONE = Pattern.compile("spark://([^/:,]+):(\\d+)");
  private static final Pattern K8S = Pattern.compile("k8s://(.+)");

  /**
   * Checks {@code master} and returns it.
   *
   * @param input the name of the input in error messages
   * @param connectMillis how long to wait for a TCP connection to a remote master
   */
  public static String check(String input, String master, int connectMillis) {
    if (LOCAL.matcher(master).matches() || master.equals("yarn")) {
      return master;
    }
    String rule =
        "must be local[N], local[*], spark://HOST:PORT, yarn or k8s://https://HOST:PORT and be"
            + " reachable";
    Matcher s = STANDALONE.matcher(master);
    Matcher k = K8S.matcher(master);
    String host;
    int port;
    if (s.matches()) {
      host = s.group(1);
      port = Integer.parseInt(s.group(2));
    } else if (k.matches()) {
      URI api = URI.create(k.group(1).contains("://") ? k.group(1) : "https://" + k.group(1));
      host = api.getHost();
      port = api.getPort() > 0 ? api.getPort() : 443;
      if (host == null) {
        throw InvalidInputException.of(input, rule, master);
      }
    } else {
      throw InvalidInputException.of(input, rule, master);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), connectMillis);
    } catch (IOException | IllegalArgumentException e) {
      throw InvalidInputException.of(
          input, "must be reachable", master + " (" + e.getMessage() + ")");
    }
    return master;
  }
}
