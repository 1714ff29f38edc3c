/**
 * {@code replearn privacy}: privacy accounting ({@code epsilon}, {@code sigma}), private linear
 * probes ({@code probe}) and the NoisyGD step benchmark ({@code bench}).
 */
package org.replearn.cli.privacy;
