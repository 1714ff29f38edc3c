/** Thread pools shared by the plain-Java kernels. */
package org.replearn.core.concurrent;
