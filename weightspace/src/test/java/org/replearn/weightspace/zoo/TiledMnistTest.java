package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TiledMnistTest {

  @Test
  void hashSplitMatchesTheOfficialCounts() {
    // python3: sum((i ^ (0x58a849af6cbf585a ^ 0x5ca118cb4d828a5e)) % 10 < 8 for i in range(60000))
    assertEquals(47_998, TiledMnist.trainIndices(60_000).length);
    assertEquals(12_002, TiledMnist.evalIndices(60_000).length);
    assertArrayEquals(new int[] {4, 5, 14, 15, 16, 17}, TiledMnist.evalIndices(20));
  }

  @Test
  void rotationFollowsPilNearestNeighbour() {
    byte[] image = new byte[784];
    image[14 * 28 + 20] = (byte) 200; // row 14, column 20: right of the centre
    byte[] out = new byte[784];
    TiledMnist.rotate(image, 0, 90, out);
    // counter-clockwise: right of the centre moves above it (PIL maps output (x, y) to input
    // (28 - (y + 0.5), x + 0.5), truncated)
    byte[] expected = new byte[784];
    expected[7 * 28 + 14] = (byte) 200;
    assertArrayEquals(expected, out);
    TiledMnist.rotate(image, 0, 360, out);
    assertArrayEquals(image, out);
    TiledMnist.rotate(image, 0, 0, out);
    assertArrayEquals(image, out);
  }

  @Test
  void tilesAreFourByFourBlocksAfterAZeroBosTile() {
    byte[] image = new byte[784];
    image[5 * 28 + 9] = (byte) 255;
    float[] seq = new float[50 * 16];
    TiledMnist.tiles(image, seq, 0);
    float background = (0f - TiledMnist.MEAN) / TiledMnist.STD;
    float bright = (1f - TiledMnist.MEAN) / TiledMnist.STD;
    for (int i = 0; i < 16; i++) {
      assertEquals(0f, seq[i]); // BOS
    }
    // pixel (5, 9) is in tile (5/4)*7 + 9/4 = 9, at (5%4)*4 + 9%4 = 5
    assertEquals(bright, seq[(1 + 9) * 16 + 5]);
    long brightCount = 0;
    for (float v : Arrays.copyOfRange(seq, 16, seq.length)) {
      brightCount += v == bright ? 1 : 0;
      assertEquals(true, v == bright || v == background);
    }
    assertEquals(1, brightCount);
  }
}
