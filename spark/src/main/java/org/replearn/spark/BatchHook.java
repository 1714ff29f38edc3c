package org.replearn.spark;

import java.io.IOException;
import java.io.Serializable;

/**
 * Called on the executor after each checkpoint shard of a model batch is published; tests use it to
 * make a task fail or to slow it down. Serializable, since tasks carry it.
 */
@FunctionalInterface
public interface BatchHook extends Serializable {
  /** Does nothing. */
  BatchHook NONE = (batch, step) -> {};

  void afterShard(int batch, long step) throws IOException;
}
