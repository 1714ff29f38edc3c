package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the pinned SHA-256 values against the published MD5 sums of the uncompressed files,
 * on the copies in the data cache. Skipped where the cache is empty (tests never fetch).
 *
 * <p>MD5 sources: MNIST, the sums of the unpacked yann.lecun.com files used by many loaders, e.g.
 * secml's {@code CDataLoaderMNIST} ({@code TRAIN_DATA_MD5 = '6bbc9ace...'}, "expected MD5 of the
 * downloaded file (after unpacking)"); Fashion-MNIST, the {@code raw_data} list that
 * torchvision-based {@code FashionMNIST} loaders keep beside the gzip sums of Zalando's README
 * ({@code f4a8712d...} for {@code train-images-idx3-ubyte}).
 */
class CachedRealFilesTest {
  static final Map<String, String> PUBLISHED_MD5 =
      Map.of(
          "mnist/train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb",
          "mnist/train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624",
          "mnist/t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea",
          "mnist/t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637",
          "fashion-mnist/train-images-idx3-ubyte", "f4a8712d7a061bf5bd6d2ca38dc4d50a",
          "fashion-mnist/train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9",
          "fashion-mnist/t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a",
          "fashion-mnist/t10k-labels-idx1-ubyte", "15d484375f8d13e6eb1aabb0c3f46965");

  @Test
  void cachedFilesMatchBothThePinnedSha256AndThePublishedMd5()
      throws IOException, NoSuchAlgorithmException {
    int checked = 0;
    for (DatasetName d : DatasetName.values()) {
      Path dir = DataCache.defaultDir().resolve(d.id());
      for (PinnedFile f : d.spec().files()) {
        Path path = f.locate(dir).orElse(null);
        if (path == null) {
          continue;
        }
        byte[] content = f.verify(path);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        assertEquals(PUBLISHED_MD5.get(d.id() + "/" + f.name()), md5, path.toString());
        checked++;
      }
    }
    assumeTrue(checked > 0, "no data set in the cache " + DataCache.defaultDir());
  }
}
