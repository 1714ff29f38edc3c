/**
 * Privacy accounting in plain Java (no tensors): an immutable algebra of privacy events ({@link
 * org.replearn.privacy.accounting.PrivacyEvent}), an explicit neighbouring relation, pure functions
 * for the mathematics ({@link org.replearn.privacy.accounting.GaussianDp}, {@link
 * org.replearn.privacy.accounting.RenyiDp}) and accountants that keep a ledger of composed events
 * ({@link org.replearn.privacy.accounting.GdpAccountant}, {@link
 * org.replearn.privacy.accounting.RdpAccountant}) behind one interface, {@link
 * org.replearn.privacy.accounting.PrivacyAccountant}. Numerical kernels: {@link
 * org.replearn.privacy.accounting.LogErfc} (log erfc and log Phi without underflow) and {@link
 * org.replearn.privacy.accounting.LogSum} (sums of terms given by their logs).
 *
 * <p>Noise multipliers are always relative to the per-example contribution bound G (the clipping
 * norm): a Gaussian event with multiplier sigma adds noise N(0, sigma^2 G^2 I). The L2 sensitivity
 * of a sum of clipped contributions is G under add/remove-one neighbours and 2G under replace-one
 * neighbours; accountants take the relation into account.
 */
package org.replearn.privacy.accounting;
