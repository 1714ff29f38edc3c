/**
 * Output folders owned by one run: an OS file lock held for the run's lifetime, a record of the
 * holder (process, command, start, settings), and the rules for reusing a folder (another command's
 * outputs refused, a previous run continued only with its own settings or replaced only when
 * asked).
 */
package org.replearn.core.run;
