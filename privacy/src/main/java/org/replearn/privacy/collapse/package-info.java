/**
 * Neural collapse: synthetic simplex-ETF features with controlled perturbations ({@link
 * org.replearn.privacy.collapse.SimplexEtf}, {@link org.replearn.privacy.collapse.EtfFeatures}),
 * the standard collapse metrics ({@link org.replearn.privacy.collapse.CollapseMetrics}) and the
 * exact error of one-step NoisyGD under perfect collapse ({@link
 * org.replearn.privacy.collapse.OneStepTheory}).
 */
package org.replearn.privacy.collapse;
