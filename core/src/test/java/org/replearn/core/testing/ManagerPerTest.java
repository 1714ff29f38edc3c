package org.replearn.core.testing;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that use a fresh {@link NDManager} per test, closed after the test. */
public abstract class ManagerPerTest {
  /** The manager of the running test. */
  protected NDManager manager;

  /** Opens the test's manager. */
  @BeforeEach
  public final void openManager() {
    manager = NDManager.newBaseManager();
  }

  /** Closes the test's manager and every array it still holds. */
  @AfterEach
  public final void closeManager() {
    manager.close();
  }
}
