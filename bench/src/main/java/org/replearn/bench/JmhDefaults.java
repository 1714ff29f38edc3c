package org.replearn.bench;

import org.replearn.core.numeric.TrapLimit;

/** Settings every benchmark of this module shares. */
final class JmhDefaults {
  private JmhDefaults() {}

  /** JVM flags of the forked benchmark JVMs: the Vector API and offline DJL, as the launcher. */
  static final String VECTOR = "--add-modules=jdk.incubator.vector";

  static final String OFFLINE = "-Dai.djl.offline=true";

  /** As the launcher: C2 keeps speculating on types in big Vector API compilations. */
  static final String TRAP_LIMIT = TrapLimit.FLAG;
}
