package org.yibao.terminal.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code terminal operator}: the terminal's local operators (admin, cashier, technician) in
 * {@code <data-dir>/terminal.db}. Passwords are read from standard input only
 * ({@code --password-stdin}), never from the command line.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "管理本机操作员（管理员、收款员、技术员）；密码只从标准输入读取。",
        subcommands = {OperatorAddCommand.class, OperatorListCommand.class, OperatorDisableCommand.class,
                OperatorPasswdCommand.class})
public final class OperatorCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
