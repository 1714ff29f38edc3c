/**
 * Emulation-based self-supervised learning (Herrmann et al. 2024; official {@code
 * training_script.py}: {@code EmulatorLSTM}, {@code CombinedEncoderEmulator}, {@code
 * training_iteration}): an emulator LSTM conditioned on a weight embedding imitates the stored
 * output distributions of each zoo model, and the encoder and emulator are trained together by
 * AdamW on the total-variation (default) or reverse-KL loss, with validation and OOD losses, a
 * best-validation checkpoint and resumable runs.
 */
package org.replearn.weightspace.emulation;
