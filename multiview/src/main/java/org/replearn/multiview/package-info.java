/**
 * M3G (Piran, Klein, Thornton, Cuturi, ICML 2024): the multi-marginal matching gap loss with
 * multi-marginal Sinkhorn and multi-view contrastive training. {@link org.replearn.multiview.M3g}
 * is the entry point for Java callers.
 *
 * <p>Subpackages: {@code ot} (multi-marginal problems and Sinkhorn), {@code loss} (M3G and InfoNCE
 * variants), {@code train} (multi-view training runs), {@code eval} (probe, kNN, retrieval), {@code
 * report} (the reproduce section).
 */
package org.replearn.multiview;
