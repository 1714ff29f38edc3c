package org.replearn.cli.bench;

import picocli.CommandLine.Command;

/** {@code replearn bench}: what the machine allows, measured by the project. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the machine's roofline (streaming read bandwidth, FMA peak of the Vector API's"
            + " preferred species); the kernel benches live under their task families.",
    subcommands = {MachineCommand.class})
public final class BenchCommand {}
