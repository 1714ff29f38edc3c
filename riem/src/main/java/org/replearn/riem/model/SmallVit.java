package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Map;

/**
 * A small vision transformer (Dosovitskiy et al. 2021) for 28 x 28 grey images: 7 x 7 patches (16
 * tokens) embedded to width 64 by a stride-7 convolution, a class token, learned position
 * embeddings, 4 pre-norm blocks with 4-head self-attention and a GELU MLP of width 128 (ratio 2), a
 * final LayerNorm and a linear head on the class token. No dropout.
 *
 * <p>Names follow timm's {@code VisionTransformer(img_size=28, patch_size=7, in_chans=1,
 * num_classes=10, embed_dim=64, depth=4, num_heads=4, mlp_ratio=2)}: {@code cls_token [1, 1, 64],
 * pos_embed [1, 17, 64], patch_embed.proj, blocks.i.norm1, blocks.i.attn.qkv [192, 64] (query, key
 * and value rows stacked), blocks.i.attn.proj, blocks.i.norm2, blocks.i.mlp.fc1, blocks.i.mlp.fc2,
 * norm, head}; LayerNorm epsilon 1e-6 as timm's. Class token and position embeddings start from
 * N(0, 0.02^2), everything else from PyTorch's default init.
 *
 * <p>Parameters: patch embedding 49 D + D, tokens D + 17 D, per block 4 D (norms) + 3 D^2 + 3 D
 * (qkv) + D^2 + D (proj) + 2 D H + H + D (MLP), final norm 2 D, head 10 D + 10; with D = 64, H =
 * 128: 3,200 + 1,152 + 4 x 33,472 + 128 + 650 = 139,018.
 */
final class SmallVit extends ReferenceArch {
  static final int PATCH = 7;
  static final int DIM = 64;
  static final int DEPTH = 4;
  static final int HEADS = 4;
  static final int MLP_DIM = 2 * DIM;
  static final int TOKENS = (28 / PATCH) * (28 / PATCH) + 1;
  private static final float LN_EPS = 1e-6f;

  SmallVit() {
    super("vit", layout());
  }

  private static StateLayout layout() {
    StateLayout s =
        new StateLayout()
            .normal("cls_token", new Shape(1, 1, DIM), 0.02f)
            .normal("pos_embed", new Shape(1, TOKENS, DIM), 0.02f)
            .conv("patch_embed.proj", 1, DIM, PATCH, true);
    for (int i = 0; i < DEPTH; i++) {
      String b = "blocks." + i;
      s.layerNorm(b + ".norm1", DIM)
          .linear(b + ".attn.qkv", DIM, 3 * DIM)
          .linear(b + ".attn.proj", DIM, DIM)
          .layerNorm(b + ".norm2", DIM)
          .linear(b + ".mlp.fc1", DIM, MLP_DIM)
          .linear(b + ".mlp.fc2", MLP_DIM, DIM);
    }
    return s.layerNorm("norm", DIM).linear("head", DIM, 10);
  }

  @Override
  public NDArray forward(Map<String, NDArray> p, NDArray x, boolean training) {
    long n = x.getShape().get(0);
    // [n, D, 4, 4] -> [n, 16, D]
    NDArray patches =
        Layers.conv(p, "patch_embed.proj", x.reshape(n, 1, 28, 28), PATCH, 0)
            .reshape(n, DIM, TOKENS - 1)
            .transpose(0, 2, 1);
    NDArray cls = p.get("cls_token").broadcast(new Shape(n, 1, DIM));
    // results belong to their first operand's manager: keep this batch's tensors with the batch,
    // not with the long-lived state dict
    cls.attach(x.getManager());
    NDArray h = cls.concat(patches, 1).add(p.get("pos_embed"));
    for (int i = 0; i < DEPTH; i++) {
      String b = "blocks." + i;
      h = h.add(attention(p, b + ".attn", Layers.layerNorm(p, b + ".norm1", h, DIM, LN_EPS)));
      NDArray m = Layers.layerNorm(p, b + ".norm2", h, DIM, LN_EPS);
      m = Layers.linear(p, b + ".mlp.fc2", Activation.gelu(Layers.linear(p, b + ".mlp.fc1", m)));
      h = h.add(m);
    }
    NDArray cls0 = Layers.layerNorm(p, "norm", h, DIM, LN_EPS).get(":, 0, :");
    return Layers.linear(p, "head", cls0);
  }

  /**
   * Multi-head self-attention: {@code softmax(q k^T / sqrt(D / heads)) v} per head, heads
   * concatenated and projected.
   *
   * @param x {@code [n, tokens, D]}
   */
  static NDArray attention(Map<String, NDArray> p, String name, NDArray x) {
    long n = x.getShape().get(0);
    int headDim = DIM / HEADS;
    // [n, T, 3 D] -> [3, n, heads, T, headDim]
    NDArray qkv =
        Layers.linear(p, name + ".qkv", x)
            .reshape(n, TOKENS, 3, HEADS, headDim)
            .transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0).mul(1 / Math.sqrt(headDim));
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
    NDArray heads = weights.matMul(v).transpose(0, 2, 1, 3).reshape(n, TOKENS, DIM);
    return Layers.linear(p, name + ".proj", heads);
  }
}
