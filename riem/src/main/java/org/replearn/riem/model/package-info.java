/**
 * Whole models: reference networks defined and trained with DJL ({@link
 * org.replearn.riem.model.ReferenceArch}, {@link org.replearn.riem.model.ReferenceTrainer}), and
 * layer-by-layer compression of any safetensors state dict ({@link
 * org.replearn.riem.model.ModelCompressor}).
 */
package org.replearn.riem.model;
