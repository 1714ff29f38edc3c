/** {@code replearn compress}: RieM and baselines on matrices and trained models. */
package org.replearn.cli.compress;
