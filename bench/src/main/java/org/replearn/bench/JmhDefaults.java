package org.replearn.bench;

/** Settings every benchmark of this module shares. */
final class JmhDefaults {
  private JmhDefaults() {}

  /** JVM flags of the forked benchmark JVMs: the Vector API and offline DJL, as the launcher. */
  static final String VECTOR = "--add-modules=jdk.incubator.vector";

  static final String OFFLINE = "-Dai.djl.offline=true";
}
