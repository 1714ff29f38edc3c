package org.replearn.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output folder on a Hadoop file system (local folder, {@code hdfs://}, {@code s3a://}),
 * addressed by paths relative to it. Serializable, so tasks carry it to the executors.
 *
 * <p>Every write goes to {@code _spark/tmp/<attempt-id>/<name>} first and is then renamed to its
 * real name, so a killed attempt leaves at most a temporary file, and two attempts of the same task
 * (retried or speculative) never write into one file. Both attempts produce the same bytes, so
 * whichever rename lands last leaves the same file. On a local folder the raw file system is used,
 * so no {@code .crc} side files appear.
 */
public final class ClusterFolder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Folder of the job's own bookkeeping (job spec, per-task results, temporary files). */
  public static final String JOB_DIR = "_spark";

  private final String uri;
  private final Map<String, String> hadoopConf;

  /**
   * @param uri the folder, e.g. {@code /data/zoo}, {@code file:///data/zoo}, {@code
   *     hdfs://nn:8020/zoo}
   * @param hadoopConf the Hadoop settings the executors need to reach it (the driver's)
   */
  public ClusterFolder(String uri, Map<String, String> hadoopConf) {
    this.uri = uri;
    this.hadoopConf = Map.copyOf(hadoopConf);
  }

  /** The folder as given. */
  public String uri() {
    return uri;
  }

  /** The file system holding the folder (cached by Hadoop per scheme and authority). */
  public FileSystem fileSystem() throws IOException {
    Configuration conf = new Configuration();
    hadoopConf.forEach(conf::set);
    FileSystem fs = new Path(uri).getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  /** The absolute path of {@code relative} in the folder. */
  public Path path(String relative) throws IOException {
    FileSystem fs = fileSystem();
    Path root = fs.makeQualified(new Path(uri));
    return relative.isEmpty() ? root : new Path(root, relative);
  }

  /** Whether {@code relative} exists. */
  public boolean exists(String relative) throws IOException {
    return fileSystem().exists(path(relative));
  }

  /** Opens {@code relative} for reading. */
  public InputStream open(String relative) throws IOException {
    return fileSystem().open(path(relative));
  }

  /** Reads all bytes of {@code relative}. */
  public byte[] read(String relative) throws IOException {
    try (InputStream in = open(relative)) {
      return in.readAllBytes();
    }
  }

  /** Writes {@code bytes} to {@code relative} under a temporary name, then renames it. */
  public void write(String relative, byte[] bytes) throws IOException {
    publish(relative, out -> out.write(bytes));
  }

  /** Copies the local file {@code source} to {@code relative}, through a temporary name. */
  public void upload(java.nio.file.Path source, String relative) throws IOException {
    publish(relative, out -> Files.copy(source, out));
  }

  /** Deletes {@code relative} and everything under it (nothing if it does not exist). */
  public void delete(String relative) throws IOException {
    FileSystem fs = fileSystem();
    Path p = path(relative);
    if (fs.exists(p) && !fs.delete(p, true)) {
      throw new IOException("cannot delete " + p);
    }
  }

  /** Creates the folder if needed; fails unless it is a writable folder. */
  public void makeWritable() throws IOException {
    FileSystem fs = fileSystem();
    Path root = path("");
    if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
      throw new IOException(root + " is a file");
    }
    if (!fs.mkdirs(root)) {
      throw new IOException("cannot create " + root);
    }
    write(JOB_DIR + "/probe", new byte[0]);
    delete(JOB_DIR + "/probe");
  }

  /** Writes a file's bytes to a stream. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code relative} with {@code writer} under a temporary name, then renames it. */
  public void publish(String relative, Writer writer) throws IOException {
    FileSystem fs = fileSystem();
    Path target = path(relative);
    Path tmp = path(JOB_DIR + "/tmp/" + UUID.randomUUID() + "/" + target.getName());
    try (FSDataOutputStream out = fs.create(tmp, false)) {
      writer.writeTo(out);
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(tmp, target)) {
      // another attempt renamed first (HDFS refuses to replace a file): its bytes equal ours
      boolean done = fs.exists(target);
      fs.delete(tmp.getParent(), true);
      if (!done) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } else {
      fs.delete(tmp.getParent(), true);
    }
  }
}
