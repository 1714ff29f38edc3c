/**
 * {@code replearn bench}: machine-level measurements ({@code bench machine}), and the roofline
 * options every kernel bench shares ({@link org.replearn.cli.bench.RooflineOptions}).
 */
package org.replearn.cli.bench;
