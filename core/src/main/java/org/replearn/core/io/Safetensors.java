package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.CorruptFileException;

/**
 * safetensors files (https://github.com/huggingface/safetensors) through DJL's {@link
 * NDList.Encoding#SAFETENSORS} encoding, written atomically. A Python user reads them with {@code
 * safetensors.numpy.load_file}.
 */
public final class Safetensors {
  private Safetensors() {}

  /**
   * Writes named tensors to {@code target} atomically. The arrays keep their names' order.
   *
   * @param tensors name to tensor; names must be unique and non-empty
   */
  public static void write(Path target, Map<String, NDArray> tensors) throws IOException {
    NDList list = new NDList();
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      a.setName(e.getKey()); // the encoding takes each tensor's name from the array itself
      list.add(a);
    }
    AtomicFiles.write(target, out -> out.write(list.encode(NDList.Encoding.SAFETENSORS)));
  }

  /**
   * Reads all tensors of a safetensors file into {@code manager}.
   *
   * @throws CorruptFileException if the file is not valid safetensors
   */
  public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file");
    }
    long size = Files.size(file);
    if (size < 8) {
      throw new CorruptFileException(file, "not safetensors: " + size + " bytes, need at least 8");
    }
    NDList list;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      list = NDList.decode(manager, in);
    } catch (RuntimeException e) {
      throw new CorruptFileException(
          file, "not a valid safetensors file (" + e.getMessage() + ")", e);
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    for (NDArray a : list) {
      result.put(a.getName(), a);
    }
    return result;
  }
}
