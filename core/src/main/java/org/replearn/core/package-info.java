/**
 * Shared foundation of replearn: engine glue ({@link org.replearn.core.engine}), training helpers
 * ({@link org.replearn.core.train}), storage ({@link org.replearn.core.io}), data sets ({@link
 * org.replearn.core.data}) and the HTML report ({@link org.replearn.core.report}).
 */
package org.replearn.core;
