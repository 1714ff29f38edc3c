/**
 * Private linear probing (Wang, Zhu, Su, Wang, ICML 2024): NoisyGD on pre-trained features, privacy
 * accounting, neural-collapse diagnostics, normalisation and PCA. {@link
 * org.replearn.privacy.PrivateProbing} is the entry point for Java callers.
 *
 * <p>Subpackages: {@code accounting} (privacy events and accountants, plain Java), {@code noisygd}
 * (the private optimiser), {@code collapse} (neural-collapse features and metrics), {@code probe}
 * (the probe pipeline), {@code report} (the reproduce section).
 */
package org.replearn.privacy;
