/**
 * Test helpers shared with every module through core's test-jar: {@link
 * org.replearn.core.testing.NativeMemoryProbe} checks that long loops do not leak native memory;
 * {@link org.replearn.core.testing.ManagerPerTest} gives each test a fresh NDManager.
 */
package org.replearn.core.testing;
