#!/usr/bin/env python3
"""Peer of `replearn compress bench`: one RieM fitting step with autograd, as the official notebook
builds W_hat (dynMat_rieM): W_hat[i, j] = b + sum_mm w[mm] sum_k sigmoid(A_k (p_i + shift_k(q_j))
+ c_k)[mm], K = 6 branches, shift_k cyclic by floor(k d / 6); loss = sum (W - W_hat)^2; backward;
Adam (lr 1e-3). Target W ~ N(0, 0.05^2). Prints one JSON line; rate = steps per second."""

import argparse

import torch

from peer_timing import measure, parse_timed_args, report

K = 6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="128x256:52:14", help="ROWSxCOLS:d:m")
    a = parse_timed_args(ap, threads=2, warmup_seconds=2, repeats=5, seconds=3)
    rc, d, m = a.size.split(":")
    rows, cols = (int(v) for v in rc.split("x"))
    d, m = int(d), int(m)
    target = 0.05 * torch.randn(rows, cols)
    p = (0.1 * torch.randn(rows, d)).requires_grad_()
    q = (0.1 * torch.randn(cols, d)).requires_grad_()
    a_k = (0.1 * torch.randn(K, m, d)).requires_grad_()
    c_k = torch.zeros(K, m).requires_grad_()
    w = (0.1 * torch.randn(m)).requires_grad_()
    b = torch.zeros(1).requires_grad_()
    params = [p, q, a_k, c_k, w, b]
    opt = torch.optim.Adam(params, lr=1e-3)
    shifts = [k * d // K for k in range(K)]

    def step():
        w_hat = b.expand(rows, cols)
        for k in range(K):
            states = p[:, None, :] + torch.roll(q, -shifts[k], dims=1)[None, :, :]
            s = torch.sigmoid(states @ a_k[k].T + c_k[k])
            w_hat = w_hat + s @ w
        loss = ((target - w_hat) ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()

    timing = measure(step, a.warmup_seconds, a.repeats, a.seconds / a.repeats)
    report("RieM fit step (PyTorch autograd, Adam)", "steps/s", 1, timing, size=a.size)


if __name__ == "__main__":
    main()
