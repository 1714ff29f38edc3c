/**
 * The RieM layer: shapes and parameter layout ({@link org.replearn.riem.layer.RiemShape}), the
 * fused plain-Java kernel that materialises {@code W_hat} and computes the reconstruction loss and
 * its analytic gradient ({@link org.replearn.riem.layer.RiemKernel}), and storage accounting
 * ({@link org.replearn.riem.layer.StorageAccounting}).
 */
package org.replearn.riem.layer;
