/**
 * The {@code replearn} command line: one picocli subcommand per task. Results go to stdout (one
 * JSON object with {@code --json}), logs and progress to stderr; bad input ends with exit code 2
 * and one line naming the input, the rule and the value.
 */
package org.replearn.cli;
