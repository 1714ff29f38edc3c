package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;

@Tag("engine")
class ReferenceArchTest {

  @Test
  void parameterCountsEqualTheirClosedForms() {
    assertEquals(784 * 256 + 256 + 256 * 10 + 10, ReferenceArch.MLP.parameterCount());
    assertEquals(
        6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10,
        ReferenceArch.CNN.parameterCount());
    // ResNet-8: stem conv + bn; stage in->out: two 3x3 convs, two bns, and for a stride-2 stage a
    // 1x1 conv + bn shortcut; head
    long stem = 9 * 16 + 2 * 16;
    long stage1 = 9 * 16 * 16 + 9 * 16 * 16 + 4 * 16;
    long stage2 = 9 * 16 * 32 + 9 * 32 * 32 + 4 * 32 + 16 * 32 + 2 * 32;
    long stage3 = 9 * 32 * 64 + 9 * 64 * 64 + 4 * 64 + 32 * 64 + 2 * 64;
    assertEquals(
        stem + stage1 + stage2 + stage3 + 64 * 10 + 10, ReferenceArch.RESNET.parameterCount());
    assertEquals(77_754, ReferenceArch.RESNET.parameterCount());
    // running mean and variance of the 2 + 2 + 3 + 3 batch norms
    long buffers =
        ReferenceArch.RESNET.stateShapes().values().stream().mapToLong(Shape::size).sum()
            - ReferenceArch.RESNET.parameterCount();
    assertEquals(2 * (16 + 2 * 16 + 3 * 32 + 3 * 64), buffers);
    // ViT, width D = 64, MLP H = 128, 16 patches of 49 pixels + class token, 4 blocks
    long d = 64;
    long h = 128;
    long block = 4 * d + 3 * d * d + 3 * d + d * d + d + 2 * d * h + h + d;
    assertEquals(
        49 * d + d + d + 17 * d + 4 * block + 2 * d + 10 * d + 10,
        ReferenceArch.VIT.parameterCount());
    assertEquals(139_018, ReferenceArch.VIT.parameterCount());
    assertEquals(
        ReferenceArch.VIT.parameterCount(),
        ReferenceArch.VIT.stateShapes().values().stream().mapToLong(Shape::size).sum());
  }

  @Test
  void namesFollowTorchvisionAndTimm() {
    Map<String, Shape> resnet = ReferenceArch.RESNET.stateShapes();
    assertEquals(new Shape(16, 1, 3, 3), resnet.get("conv1.weight"));
    assertEquals(new Shape(64, 32, 1, 1), resnet.get("layer3.0.downsample.0.weight"));
    assertEquals(new Shape(64), resnet.get("layer3.0.downsample.1.running_var"));
    assertEquals(new Shape(10, 64), resnet.get("fc.weight"));
    Map<String, Shape> vit = ReferenceArch.VIT.stateShapes();
    assertEquals(new Shape(1, 17, 64), vit.get("pos_embed"));
    assertEquals(new Shape(64, 1, 7, 7), vit.get("patch_embed.proj.weight"));
    assertEquals(new Shape(192, 64), vit.get("blocks.3.attn.qkv.weight"));
    assertEquals(new Shape(64, 128), vit.get("blocks.0.mlp.fc2.weight"));
    assertEquals(new Shape(10, 64), vit.get("head.weight"));
  }

  @Test
  void everyArchitectureGivesTenFiniteLogitsPerImage() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x =
          RandomArrays.uniform(manager, new SplittableRandom(3), new Shape(3, 28, 28), 0, 1);
      for (ReferenceArch arch : ReferenceArch.all()) {
        Map<String, NDArray> state = arch.initialState(manager, new SplittableRandom(1));
        assertEquals(arch.stateShapes().keySet(), state.keySet());
        for (boolean training : new boolean[] {false, true}) {
          NDArray logits = arch.forward(state, x, training);
          assertEquals(new Shape(3, 10), logits.getShape(), arch.id());
          for (float v : logits.toFloatArray()) {
            assertTrue(Float.isFinite(v), arch.id());
          }
        }
        // in evaluation mode each image's logits do not depend on the rest of the batch
        assertArrayEquals(
            arch.forward(state, x, false).get("1:2").toFloatArray(),
            arch.forward(state, x.get("1:2"), false).toFloatArray(),
            1e-5f,
            arch.id());
      }
    }
  }

  @Test
  void parseNamesEveryArchitecture() {
    for (ReferenceArch arch : ReferenceArch.all()) {
      assertEquals(arch, ReferenceArch.parse(arch.id()));
    }
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ReferenceArch.parse("lenet"));
    assertEquals("arch must be mlp, cnn, resnet, vit, found lenet", e.getMessage());
  }
}
