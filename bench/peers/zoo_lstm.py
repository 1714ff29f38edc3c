#!/usr/bin/env python3
"""Peer of `replearn zoo bench --task formal-languages`: the official zoo training loop of the
formal-language LSTM (Herrmann, Faccio and Schmidhuber, ICML 2024, official
dataset_creation_formal_language.py): nn.LSTM(6, 32, 2 layers) and Linear(32, 6), teacher-forced
cross-entropy on batches of 32 strings of length 42 (41 steps), AdamW (lr 0.01, weight decay 1e-4),
one model trained at a time. The strings here are random tokens: the step's cost does not depend on
the language. Prints one JSON line; rate = model-steps per second."""

import argparse

import torch

from peer_timing import measure, parse_timed_args, report

TOKENS, HIDDEN, LAYERS, BATCH, STEPS = 6, 32, 2, 32, 41


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=int, default=4, help="models trained in turn per step")
    a = parse_timed_args(ap, threads=1, warmup_seconds=3, repeats=5, seconds=5)
    models = []
    for _ in range(a.models):
        lstm = torch.nn.LSTM(TOKENS, HIDDEN, LAYERS)
        head = torch.nn.Linear(HIDDEN, TOKENS)
        params = list(lstm.parameters()) + list(head.parameters())
        models.append((lstm, head, torch.optim.AdamW(params, lr=0.01, weight_decay=1e-4)))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        for lstm, head, opt in models:
            tokens = torch.randint(TOKENS, (STEPS + 1, BATCH))
            x = torch.nn.functional.one_hot(tokens[:-1], TOKENS).float()
            out, _ = lstm(x)
            loss = loss_fn(head(out).reshape(-1, TOKENS), tokens[1:].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()

    timing = measure(step, a.warmup_seconds, a.repeats, a.seconds / a.repeats)
    report("zoo formal-language LSTM (PyTorch nn.LSTM, AdamW)", "model-steps/s", a.models,
           timing, models=a.models)


if __name__ == "__main__":
    main()
