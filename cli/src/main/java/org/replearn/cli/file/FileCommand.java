package org.replearn.cli.file;

import picocli.CommandLine.Command;

/** {@code replearn file}: tensor files (safetensors, npy). */
@Command(
    name = "file",
    mixinStandardHelpOptions = true,
    description = "Inspect and check tensor files (.safetensors, .npy); measure their read speed.",
    subcommands = {InspectCommand.class, FileBenchCommand.class})
public final class FileCommand {}
