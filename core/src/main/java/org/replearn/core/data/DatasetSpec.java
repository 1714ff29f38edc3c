package org.replearn.core.data;

import java.util.List;

/**
 * What {@link DatasetFetcher} fetches: a data set's files as they must be and where to get them.
 *
 * @param id cache folder name, e.g. {@code mnist}
 * @param files the IDX files, each checked against its pinned checksum
 * @param sources places to try, in order
 */
public record DatasetSpec(String id, List<PinnedFile> files, List<DataSource> sources) {
  public DatasetSpec {
    files = List.copyOf(files);
    sources = List.copyOf(sources);
  }
}
