/**
 * {@code replearn file}: inspection of safetensors and npy files (header, validation, value
 * summaries) and the storage benchmark.
 */
package org.replearn.cli.file;
