/** {@code replearn data}: fetching, verifying and caching MNIST and Fashion-MNIST. */
package org.replearn.cli.data;
