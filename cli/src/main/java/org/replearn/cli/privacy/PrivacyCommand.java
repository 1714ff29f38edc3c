package org.replearn.cli.privacy;

import picocli.CommandLine.Command;

/** The {@code privacy} command group. */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "Privacy accounting, NoisyGD private linear probes and their benchmark.",
    subcommands = {
      EpsilonCommand.class,
      SigmaCommand.class,
      ProbeCommand.class,
      BenchCommand.class
    })
public final class PrivacyCommand {}
