/**
 * RNN model zoos: the frozen weight-space shape of the zoo LSTMs ({@link
 * org.replearn.weightspace.zoo.LstmSpec}), the two task families of the official code (formal
 * languages and tiled sequential MNIST), a trainer with a fused plain-Java LSTM forward/backward
 * ({@link org.replearn.weightspace.zoo.LstmKernel}, JDK Vector API) that trains batches of models
 * on worker threads, zoo storage with resumable generation, splits by task, and import/export of
 * the official .npy layout.
 */
package org.replearn.weightspace.zoo;
