/** {@code replearn encode}: weight encoders, emulation training, embeddings, downstream tasks. */
package org.replearn.cli.encode;
