/** Storage: atomic writes, safetensors, npy, JSON and run manifests. */
package org.replearn.core.io;
