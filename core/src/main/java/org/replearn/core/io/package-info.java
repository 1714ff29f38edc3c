/**
 * Storage: atomic writes ({@link org.replearn.core.io.AtomicFiles}), safetensors ({@link
 * org.replearn.core.io.Safetensors}), numpy {@code .npy} ({@link org.replearn.core.io.Npy}, row
 * ranges of large files through {@link org.replearn.core.io.NpyReader}), JSON and run manifests.
 * Readers validate headers and sizes and throw {@link org.replearn.core.CorruptFileException}
 * naming the file and the problem.
 */
package org.replearn.core.io;
