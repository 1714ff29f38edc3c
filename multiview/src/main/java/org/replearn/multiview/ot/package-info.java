/**
 * Entropic multi-marginal optimal transport between k point clouds (Benamou et al. 2015; Piran et
 * al. 2024, Algorithm 1; ott-jax {@code MMSinkhorn}).
 *
 * <p>Pieces, each with one job: {@link org.replearn.multiview.ot.PairwiseCost} (a cost between two
 * points) -> {@link org.replearn.multiview.ot.MultiMarginalProblem} (k point clouds, weights and
 * the k(k-1)/2 pairwise cost matrices whose broadcast sum is the cost tensor C) -> {@link
 * org.replearn.multiview.ot.MultiMarginalSinkhorn} (log-domain Gauss-Seidel sweeps over a fused
 * plain-Java tensor kernel) -> {@link org.replearn.multiview.ot.MultiMarginalOutput} (immutable
 * result with a lazily evaluated {@link org.replearn.multiview.ot.Coupling}).
 */
package org.replearn.multiview.ot;
