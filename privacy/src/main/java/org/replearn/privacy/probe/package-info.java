/**
 * Private linear probes on frozen features: per-example normalisation, PCA fitted on public data,
 * and the end-to-end probe ({@link org.replearn.privacy.probe.PrivateProbe}) that calibrates noise,
 * trains with NoisyGD and reports accuracy, privacy spent and collapse metrics.
 */
package org.replearn.privacy.probe;
