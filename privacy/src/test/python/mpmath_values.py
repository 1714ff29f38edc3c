"""Reference values pinned in LogErfcTest and RenyiDpTest, computed with mpmath 1.3:

    python3 mpmath_values.py
"""
import mpmath as m

m.mp.dps = 150
print("# log(erfc(x)/2) at 150 digits")
for x in [-30.0, -6.5, -4.0, -1.0, -0.46875, -0.2, 0.0, 1e-12, 0.3, 0.46875, 0.5, 1.0, 2.5, 4.0,
          4.5, 10.0, 26.5, 27.0, 40.0, 1e3, 1e8]:
    print('"%r, %s",' % (x, m.nstr(m.log(m.erfc(x) / 2), 20)))

m.mp.dps = 50
print("# RDP of the Poisson-subsampled Gaussian, log(A_alpha)/(alpha-1), A_alpha by quadrature:")
print("# A_alpha = E_{z ~ N(0, sigma^2)}[((1-q) + q mu1(z)/mu0(z))^alpha], mu1 = N(1, sigma^2)")
for q, s, a in [("0.04", "1.5", "5.5"), ("0.04", "1.5", "3.3"), ("0.2", "2.0", "2.5"),
                ("0.001", "4.0", "1.5"), ("0.01", "0.8", "10.9")]:
    q, s, a = m.mpf(q), m.mpf(s), m.mpf(a)

    def integrand(z):
        mu0, mu1 = m.npdf(z, 0, s), m.npdf(z, 1, s)
        return mu0 * ((1 - q) + q * mu1 / mu0) ** a

    big_a = m.quad(integrand, [-m.inf, -60, -20, 0, 1, 20, 60, m.inf])
    print('"%s, %s, %s, %s",' % (q, s, a, m.nstr(m.log(big_a) / (a - 1), 20)))
