/**
 * Whole models: reference networks (MLP, LeNet CNN, ResNet-8, small ViT) defined as DJL operations
 * on PyTorch-named state dicts and trained with DJL ({@link org.replearn.riem.model.ReferenceArch},
 * {@link org.replearn.riem.model.ReferenceTrainer}, cached by {@link
 * org.replearn.riem.model.ReferenceCache}), and layer-by-layer compression of any safetensors state
 * dict ({@link org.replearn.riem.model.ModelCompressor}).
 */
package org.replearn.riem.model;
