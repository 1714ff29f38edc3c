package org.replearn.core.numeric;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's {@code -XX:PerMethodTrapLimit}, which the Vector API kernels need raised on Java 17.
 *
 * <p>C2 adds up, for every method it inlines into one compilation, the type-check deoptimisations
 * that method has recorded, and stops speculating on types in that compilation once the total
 * passes the limit (default 100). The Vector API inlines the same small methods once per vector
 * operation, so a few early traps can push a large kernel past the limit; its vectors then stay
 * boxed on the heap and it runs 3-7x slower for the life of the JVM (the multi-marginal Sinkhorn;
 * docs/roofline.md). The launcher, the test JVMs, the JMH forks and the Spark executors pass {@link
 * #RECOMMENDED}; a library user's JVM gets one warning when a kernel that needs it starts without
 * it.
 */
public final class TrapLimit {
  /**
   * The value the project's JVMs run with: far above any compilation's total (at most 240 seen).
   */
  public static final long RECOMMENDED = 100_000;

  /** The JVM flag that sets {@link #RECOMMENDED}. */
  public static final String FLAG = "-XX:PerMethodTrapLimit=" + RECOMMENDED;

  private static final Logger LOG = LoggerFactory.getLogger(TrapLimit.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private TrapLimit() {}

  /** This JVM's PerMethodTrapLimit, or empty where the JVM is not HotSpot or does not say. */
  public static OptionalLong current() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return OptionalLong.of(Long.parseLong(bean.getVMOption("PerMethodTrapLimit").getValue()));
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Logs one warning per JVM when the limit is known and below {@link #RECOMMENDED}.
   *
   * @param kernel what is starting, named in the warning
   */
  public static void warnIfLow(String kernel) {
    OptionalLong limit = current();
    if (limit.isPresent() && limit.getAsLong() < RECOMMENDED && WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "{}: this JVM runs with -XX:PerMethodTrapLimit={}; on Java 17 some JVMs then run the"
              + " Vector API kernels 3-7x slower for their whole life. Add {} to the java command"
              + " line (README, Using the library).",
          kernel,
          limit.getAsLong(),
          FLAG);
    }
  }
}
