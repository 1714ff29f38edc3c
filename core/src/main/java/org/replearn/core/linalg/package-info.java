/** Dense linear algebra on plain Java arrays: principal component analysis. */
package org.replearn.core.linalg;
