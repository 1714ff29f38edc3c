/**
 * Multi-view self-supervised training: k random views per object ({@link
 * org.replearn.multiview.train.ViewSource}: augmented MNIST-style images or a synthetic
 * shared-signal / private-nuisance set), an encoder and projector ({@link
 * org.replearn.multiview.train.Encoders}) and any {@link
 * org.replearn.multiview.loss.MultiViewLoss}, trained with AdamW by {@link
 * org.replearn.multiview.train.MultiViewTrainer}.
 */
package org.replearn.multiview.train;
