/**
 * RNN model zoos: the frozen weight-space shape of the zoo LSTMs ({@link
 * org.replearn.weightspace.zoo.LstmSpec}), the two task families of the official code (formal
 * languages and tiled sequential MNIST), a batched trainer that trains many LSTMs as one program,
 * zoo storage with resumable generation, splits by task, and import/export of the official .npy
 * layout.
 */
package org.replearn.weightspace.zoo;
