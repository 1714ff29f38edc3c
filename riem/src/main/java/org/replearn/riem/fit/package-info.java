/**
 * Fitting a RieM matrix to a trained weight matrix without data: Adam on the summed squared
 * reconstruction error ({@link org.replearn.riem.fit.RiemFitter}), the initialisation search and
 * schedules ({@link org.replearn.riem.fit.FitConfig}), and post-training min-max quantisation
 * ({@link org.replearn.riem.fit.MinMaxQuantizer}).
 */
package org.replearn.riem.fit;
