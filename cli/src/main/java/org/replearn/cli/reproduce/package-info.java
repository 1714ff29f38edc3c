/** {@code replearn reproduce}: runs every registered experiment and writes the HTML report. */
package org.replearn.cli.reproduce;
