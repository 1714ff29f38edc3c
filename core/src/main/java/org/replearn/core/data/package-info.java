/**
 * Image data sets (MNIST, Fashion-MNIST) in IDX format: reading, fetching with fallbacks, caching.
 */
package org.replearn.core.data;
