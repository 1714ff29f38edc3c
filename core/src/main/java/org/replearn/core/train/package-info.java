/** Optimisers, learning-rate schedules and gradient clipping on plain DJL NDArrays. */
package org.replearn.core.train;
