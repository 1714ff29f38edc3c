/**
 * Weight encoders: functions from a batch of trained LSTMs (their ten named weight tensors, with a
 * leading batch axis over models) to unit-norm embeddings, as in Herrmann, Faccio and Schmidhuber
 * (ICML 2024). Mechanistic encoders read the weights (layer-wise statistics, flattened weights, the
 * deep-weight-space network); functionalist encoders run the target network on generated probe
 * inputs (non-interactive and interactive probing). All are differentiable with DJL autograd and
 * batched over the weight sets.
 */
package org.replearn.weightspace.encoder;
