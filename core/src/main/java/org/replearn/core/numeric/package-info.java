/**
 * Numerical kernels whose results do not depend on the JIT: the same inputs give the same bits
 * whether the JVM interprets, C1- or C2-compiles the calling code.
 */
package org.replearn.core.numeric;
