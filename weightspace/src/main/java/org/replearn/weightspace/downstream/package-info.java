/**
 * Downstream evaluation of frozen weight embeddings (Herrmann et al. 2024, phase 2 of the
 * evaluation; the OOD split follows {@code downstream_training_on_ood} in the official {@code
 * dataset_classes.py}): an MLP predictor per target (task as a multi-hot code with BCE, class
 * targets with cross-entropy, scalars with MSE), trained on the training split with half of the OOD
 * tasks moved in as the official code does, evaluated on validation and OOD rows over several seeds
 * with bootstrapped 95% intervals; clone evaluation (the emulator's strings, sampled from an
 * embedding alone, scored with the model's language); the encoder comparison of the {@code
 * reproduce} section on a zoo generated once and cached.
 */
package org.replearn.weightspace.downstream;
