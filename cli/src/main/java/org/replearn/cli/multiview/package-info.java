/** {@code replearn multiview}: multi-marginal OT, M3G, multi-view training and benchmarks. */
package org.replearn.cli.multiview;
