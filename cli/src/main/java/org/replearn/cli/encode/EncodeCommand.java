package org.replearn.cli.encode;

import picocli.CommandLine.Command;

/** {@code replearn encode}: the group of weight-encoder commands. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = "RNN weight encoders: emulation training, embeddings, downstream evaluation.",
    subcommands = {
      EncodeTrainCommand.class,
      EncodeEmbedCommand.class,
      EncodeEvaluateCommand.class,
      EncodeBenchCommand.class
    })
public final class EncodeCommand {}
