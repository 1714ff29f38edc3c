package org.replearn.cli.multiview;

import picocli.CommandLine.Command;

/** {@code replearn multiview}: the M3G command group. */
@Command(
    name = "multiview",
    mixinStandardHelpOptions = true,
    description = "Multi-marginal OT, the M3G loss and multi-view self-supervised training.",
    subcommands = {SolveCommand.class, TrainCommand.class, BenchCommand.class})
public final class MultiviewCommand {}
