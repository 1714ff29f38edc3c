package org.replearn.cli;

import org.replearn.cli.bench.BenchCommand;
import org.replearn.cli.compress.CompressCommand;
import org.replearn.cli.data.DataCommand;
import org.replearn.cli.encode.EncodeCommand;
import org.replearn.cli.file.FileCommand;
import org.replearn.cli.multiview.MultiviewCommand;
import org.replearn.cli.privacy.PrivacyCommand;
import org.replearn.cli.reproduce.ReproduceCommand;
import org.replearn.cli.zoo.ZooCommand;
import org.replearn.core.engine.EngineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code replearn} command; each subcommand is one task family. */
@Command(
    name = "replearn",
    mixinStandardHelpOptions = true,
    versionProvider = ReplearnCommand.Versions.class,
    description = {
      "Representation learning systems from ICML 2024: RNN weight representations, RieM compression,",
      "private linear probing and M3G multi-view contrastive learning.",
      "Add --debug to any command for stack traces."
    },
    subcommands = {
      DataCommand.class,
      ZooCommand.class,
      EncodeCommand.class,
      CompressCommand.class,
      PrivacyCommand.class,
      MultiviewCommand.class,
      ReproduceCommand.class,
      FileCommand.class,
      BenchCommand.class,
    })
public final class ReplearnCommand {

  /** {@code --version}: replearn, DJL and PyTorch versions and the default device. */
  static final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() {
      EngineInfo info = EngineInfo.current();
      return new String[] {
        "replearn " + info.replearn(),
        "DJL " + info.djl() + ", " + info.engine() + " " + info.engineVersion(),
        "device " + info.device()
      };
    }
  }
}
