/**
 * Representations of RNN weights (Herrmann, Faccio and Schmidhuber, ICML 2024): model zoos ({@code
 * zoo}), weight encoders, emulation-based self-supervised learning and downstream evaluation.
 * {@link org.replearn.weightspace.WeightSpace} is the entry point for Java callers.
 */
package org.replearn.weightspace;
