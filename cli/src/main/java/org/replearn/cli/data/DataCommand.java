package org.replearn.cli.data;

import picocli.CommandLine.Command;

/** {@code replearn data}: the data sets (MNIST, Fashion-MNIST). */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Fetch, verify and cache the MNIST and Fashion-MNIST IDX files.",
    subcommands = {FetchCommand.class, FixtureCommand.class})
public final class DataCommand {}
