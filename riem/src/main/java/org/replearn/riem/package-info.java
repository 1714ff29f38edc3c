/**
 * RieM (Pei et al., ICML 2024): data-free compression of trained weight matrices into row and
 * column neuron states plus a small learned metric, with baselines and whole-model compression.
 * {@link org.replearn.riem.Riem} is the entry point for Java callers.
 *
 * <p>Subpackages: {@code layer} (the RieM matrix and its fused kernel), {@code fit} (Adam fitting,
 * initialisation search, quantisation), {@code baseline} (SVD, quantisation, pruning), {@code
 * model} (reference networks and whole-model compression), {@code report} (the section of {@code
 * reproduce}).
 */
package org.replearn.riem;
