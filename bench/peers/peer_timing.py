"""Timing shared by the peer scripts: a time-based warm-up until two windows' rates agree within 5%
(the rule of org.replearn.core.bench.WarmUp), then timed samples reported as min / median / max."""

import json
import os
import statistics
import sys
import time

import torch


def warm_up(step, min_seconds, tolerance=0.05):
    """Runs step() for at least min_seconds (at most 3x) until two consecutive windows of
    min_seconds / 5 agree on the rate within tolerance; returns (steps, seconds, stable)."""
    window = max(0.01, min_seconds / 5)
    steps = 0
    seconds = 0.0
    w_steps, w_seconds = 0, 0.0
    previous, last = None, None
    while True:
        t0 = time.perf_counter()
        step()
        d = time.perf_counter() - t0
        steps += 1
        seconds += d
        w_steps += 1
        w_seconds += d
        if min_seconds == 0:
            if steps >= 2:
                return steps, seconds, False
            continue
        if w_seconds >= window:
            previous, last = last, w_steps / w_seconds
            w_steps, w_seconds = 0, 0.0
            if (seconds >= min_seconds and steps >= 2 and previous is not None
                    and abs(previous - last) <= tolerance * max(previous, last)):
                return steps, seconds, True
        if seconds >= 3 * min_seconds and steps >= 2:
            return steps, seconds, False


def parse_timed_args(ap, threads, warmup_seconds, repeats, seconds, seconds_help=None):
    """Adds the options every peer shares (--threads, --warmup-seconds, --repeats, --seconds, with
    these defaults) to ap, parses the command line, sets torch's threads and seed 0; returns the
    parsed options."""
    ap.add_argument("--threads", type=int, default=threads)
    ap.add_argument("--warmup-seconds", type=float, default=warmup_seconds)
    ap.add_argument("--repeats", type=int, default=repeats)
    ap.add_argument("--seconds", type=float, default=seconds, help=seconds_help)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    return a


def measure(step, warmup_seconds, repeats, seconds_per_sample):
    """Warm-up, then `repeats` samples of about seconds_per_sample each; seconds per step."""
    steps, warm_seconds, stable = warm_up(step, warmup_seconds)
    rate = steps / warm_seconds if warm_seconds > 0 else 1.0
    batch = max(1, round(rate * seconds_per_sample))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(batch):
            step()
        samples.append((time.perf_counter() - t0) / batch)
    return {
        "secondsPerStep": {"min": min(samples), "median": statistics.median(samples),
                           "max": max(samples), "count": len(samples)},
        "stepsPerSample": batch,
        "warmupSteps": steps,
        "warmupSeconds": warm_seconds,
        "warmupStable": stable,
    }


def blas_libraries():
    """The BLAS libraries mapped into this process, from /proc/self/maps (empty elsewhere).

    Debian's torch is built against the generic libblas.so.3 (BLAS_INFO=generic), so its matrix
    products run on whichever alternative provides it: the reference BLAS of libblas3
    (.../blas/libblas.so.3) unless an optimised one such as libopenblas0-pthread is installed. The
    two differ by about 40x on a 768 x 768 product (6 against 228 GFLOP/s on an Intel Xeon)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if len(line.split()) >= 6}
    except OSError:
        return []
    return sorted(p for p in paths if "blas" in os.path.basename(p).lower())


def report(peer, unit, rate_per_step, timing, **extra):
    """Prints one JSON line: rate = rate_per_step / median seconds per step, and the BLAS the
    steps ran on (call it after the steps, once torch has loaded its BLAS)."""
    out = {"peer": peer, "unit": unit,
           "rate": rate_per_step / timing["secondsPerStep"]["median"],
           "torch": torch.__version__, "threads": torch.get_num_threads(),
           "blas": blas_libraries()}
    out.update(extra)
    out.update(timing)
    print(json.dumps(out))
    sys.stdout.flush()
