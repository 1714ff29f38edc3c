"""Reference values pinned in the privacy module's tests, computed by the reference libraries.

Run from a folder holding Opacus's `opacus/accountants/analysis/rdp.py` as `opacus_rdp.py` and
dp_accounting's `dp_accounting/rdp/rdp_privacy_accountant.py` importable as
`dp_accounting.rdp_acc` (with dp_event.py, dp_event_builder.py, privacy_accountant.py beside it
and a stub `absl` package providing `logging`), numpy 2.4 and scipy 1.17:

    python3 reference_values.py

Sources: github.com/pytorch/opacus (main), github.com/google/differential-privacy
(python/dp_accounting, main), fetched 2026-11-28.
"""
import numpy as np
from scipy import optimize, special

import opacus_rdp as o
from dp_accounting import rdp_acc as d

OPACUS_ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))
DPACC_ORDERS = d.DEFAULT_RDP_ORDERS

print("# subsampled Gaussian RDP: q, sigma, alpha, opacus, dp_accounting")
for q, s, a in [(0.04, 1.5, 5.5), (0.04, 1.5, 3.3), (0.01, 0.8, 10.9), (0.04, 1.5, 7.0),
                (0.04, 1.5, 128.0), (0.2, 2.0, 2.5), (0.001, 4.0, 1.5)]:
    print(q, s, a, repr(float(o._compute_rdp(q, s, a))),
          repr(float(d._compute_rdp_poisson_subsampled_gaussian(q, s, [a])[0])))

print("# Opacus test_rdp_accountant (q=0.04, sigma=1.5, 2250 steps, delta=1e-5)")
r = o.compute_rdp(q=0.04, noise_multiplier=1.5, steps=2250, orders=OPACUS_ORDERS)
print("opacus", o.get_privacy_spent(orders=OPACUS_ORDERS, rdp=r, delta=1e-5))
r = 2250 * d._compute_rdp_poisson_subsampled_gaussian(0.04, 1.5, DPACC_ORDERS)
print("dp_accounting", d.compute_epsilon(DPACC_ORDERS, r, 1e-5))
print("dp_accounting delta at eps=7", d.compute_delta(DPACC_ORDERS, r, 7.0))

print("# full-batch Gaussian RDP epsilon (sigma, T)")
for s, T in [(1, 1), (1, 10), (3.7306, 1), (0.5, 100)]:
    r = T * d._compute_rdp_poisson_subsampled_gaussian(1.0, s, DPACC_ORDERS)
    print(s, T, "dp_accounting", d.compute_epsilon(DPACC_ORDERS, r, 1e-5))
    r = o.compute_rdp(q=1.0, noise_multiplier=s, steps=T, orders=OPACUS_ORDERS)
    print(s, T, "opacus", o.get_privacy_spent(orders=OPACUS_ORDERS, rdp=r, delta=1e-5))


def log_delta(eps, mu):
    a = special.log_ndtr(-eps / mu + mu / 2)
    b = eps + special.log_ndtr(-eps / mu - mu / 2)
    return a + np.log1p(-np.exp(b - a))


print("# exact GDP epsilon (mu, delta), scipy brentq on log delta")
for mu in [1.0, np.sqrt(10), 0.1, 5.0]:
    eps = optimize.brentq(lambda e: log_delta(e, mu) - np.log(1e-5), 0, mu * mu / 2 + 20 * mu + 10,
                          xtol=1e-14, rtol=1e-15)
    print(repr(mu), repr(eps))

print("# scipy log_ndtr")
for x in [-40.0, -37.5, -36.0, -20.0, -5.0, 0.0, 3.0, 8.0]:
    print(x, repr(float(special.log_ndtr(x))))
