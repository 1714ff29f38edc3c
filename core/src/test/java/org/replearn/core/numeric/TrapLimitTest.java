package org.replearn.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TrapLimitTest {
  /**
   * The test JVMs get the launcher's flag through {@code replearn.jvm.flags} in the parent pom; a
   * pom that lost it would let the Sinkhorn tests run in the slow JVMs this flag prevents.
   */
  @Test
  void testJvmRunsWithTheRecommendedLimit() {
    assertEquals(OptionalLong.of(TrapLimit.RECOMMENDED), TrapLimit.current());
  }
}
