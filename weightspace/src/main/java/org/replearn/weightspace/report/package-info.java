/**
 * The weight-space sections of {@code replearn reproduce}: the zoo statistics and the encoder
 * comparison (emulation losses, downstream prediction, clones and the paper's claims).
 */
package org.replearn.weightspace.report;
