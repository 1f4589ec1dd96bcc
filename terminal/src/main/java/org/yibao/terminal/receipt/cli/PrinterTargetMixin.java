package org.yibao.terminal.receipt.cli;

import picocli.CommandLine.ArgGroup;

/** Carries {@link PrinterTarget} into a subcommand as a mixin. */
final class PrinterTargetMixin {
    @ArgGroup(exclusive = false, multiplicity = "1")
    PrinterTarget options;
}
