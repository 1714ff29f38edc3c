/**
 * Evaluation of learnt representations {@code [objects, dim]}: a ridge linear probe, k-nearest
 * neighbours by cosine similarity and cross-view top-1 retrieval; plain Java with SIMD dot
 * products.
 */
package org.replearn.multiview.eval;
