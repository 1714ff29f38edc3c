/**
 * Private training of a linear classifier W [classes, p] (optional bias) on fixed features:
 * full-batch NoisyGD (the autodp tutorial's convention, W -= eta (sum_i clip_G(grad_i) + N(0,
 * sigma^2 G^2 I))) and DP-SGD with Poisson sampling. The clipped gradient sum is a fused SIMD
 * kernel ({@link org.replearn.privacy.noisygd.ClippedGradientSum}) that reads the features once per
 * step and never materialises per-example gradients: for a linear model the gradient of example i
 * is the rank-one outer product g_i x_i^T, with norm ||g_i|| ||x_i||.
 */
package org.replearn.privacy.noisygd;
