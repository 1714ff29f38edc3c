#!/usr/bin/env python3
"""Peer of `replearn privacy bench`: one full-batch NoisyGD step of a linear classifier
(cross-entropy, no bias, clip norm G = 1, then W -= lr (sum + noise)) on random float32 features
x ~ N(0, 1/p), in PyTorch:

  --clipping per-example: per-example gradients materialised as Opacus does for a linear layer
      (grad_i = g_i x_i^T, [chunk, K, p] at a time), their norms, clipped and summed;
  --clipping rank-one: the norm of g_i x_i^T is ||g_i|| ||x_i||, so the clipped sum is one matrix
      product (c_i g_i)^T X, never materialising per-example gradients (ours does this, fused).

Prints one JSON line; rate = steps per second."""

import argparse

import torch

from peer_timing import measure, parse_timed_args, report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50000)
    ap.add_argument("--p", type=int, default=768)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--clipping", choices=["per-example", "rank-one"], default="rank-one")
    ap.add_argument("--chunk", type=int, default=2048, help="rows per per-example block")
    a = parse_timed_args(ap, threads=2, warmup_seconds=3, repeats=11, seconds=0,
                         seconds_help="0: one step per sample")
    x = torch.randn(a.n, a.p) / a.p ** 0.5
    y = torch.randint(a.classes, (a.n,))
    w = 0.1 * torch.randn(a.classes, a.p)
    onehot = torch.nn.functional.one_hot(y, a.classes).float()
    x_norms = x.norm(dim=1)

    def clipped_sum():
        g = torch.softmax(x @ w.T, dim=1) - onehot  # dL/dz, [n, K]
        if a.clipping == "rank-one":
            norms = g.norm(dim=1) * x_norms
            c = torch.clamp(1.0 / norms.clamp_min(1e-12), max=1.0)
            return (g * c[:, None]).T @ x
        total = torch.zeros_like(w)
        for s in range(0, a.n, a.chunk):
            per = g[s:s + a.chunk, :, None] * x[s:s + a.chunk, None, :]  # [chunk, K, p]
            norms = per.flatten(1).norm(dim=1)
            c = torch.clamp(1.0 / norms.clamp_min(1e-12), max=1.0)
            total += (per * c[:, None, None]).sum(0)
        return total

    def step():
        nonlocal w
        s = clipped_sum()
        w = w - 1e-5 * (s + torch.randn_like(w))

    with torch.no_grad():
        timing = measure(step, a.warmup_seconds, a.repeats, a.seconds / a.repeats)
    report("NoisyGD step, " + a.clipping + " clipping (PyTorch)", "steps/s", 1, timing,
           n=a.n, p=a.p, classes=a.classes, clipping=a.clipping)


if __name__ == "__main__":
    main()
