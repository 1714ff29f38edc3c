/**
 * Multi-view contrastive losses on embeddings {@code [views, batch, dim]}: the multi-marginal
 * matching gap {@link org.replearn.multiview.loss.M3gLoss} (Piran et al. 2024) and the InfoNCE
 * baselines {@link org.replearn.multiview.loss.InfoNceLoss} (pairwise extension and one versus the
 * average of the rest), all usable as DJL training objectives through {@link
 * org.replearn.multiview.loss.MultiViewLoss}.
 */
package org.replearn.multiview.loss;
