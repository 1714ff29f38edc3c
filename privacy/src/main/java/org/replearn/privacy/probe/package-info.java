/**
 * Private linear probes on frozen features: per-example normalisation, PCA fitted on public data,
 * and the end-to-end probe ({@link org.replearn.privacy.probe.PrivateProbe}) that calibrates noise,
 * trains with NoisyGD and reports accuracy, privacy spent and collapse metrics. Real features come
 * from a CNN pre-trained on public MNIST images ({@link org.replearn.privacy.probe.CnnBackbone},
 * {@link org.replearn.privacy.probe.MnistFeatureSplits}); backbones and features are kept between
 * runs in a checked on-disk cache ({@link org.replearn.privacy.probe.FeatureCache}).
 */
package org.replearn.privacy.probe;
