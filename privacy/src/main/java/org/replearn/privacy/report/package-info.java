/**
 * The privacy section of {@code replearn reproduce}: synthetic simplex-ETF studies of one-step
 * NoisyGD (error against dimension, perturbation, normalisation and PCA, beside the theory) and
 * private linear probes on frozen CNN features of MNIST from two backbones.
 */
package org.replearn.privacy.report;
