package org.yibao.terminal.cli;

import static org.yibao.terminal.cli.OperatorCommandSupport.EXIT_OK;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.Credentials;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terminal operator passwd}: an operator changes their own password (stdin: current
 * password, then the new one) - the way out of "must change password" - or an admin named with
 * {@code --as} resets it (stdin: the admin's password, then the new one), which also lifts a
 * lock. Either way the operator's open sign-in sessions end.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "修改本人密码，或由管理员（--as）重置他人密码；密码从标准输入读取。")
public final class OperatorPasswdCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OperatorCommandSupport.DataDir data;
    @Mixin OperatorCommandSupport.PasswordStdin stdin;

    @Option(names = "--opter-no", required = true, description = "whose password")
    String opterNo;

    @Option(names = "--as", paramLabel = "ADMIN_NO", description = "an admin resetting someone else's password")
    String admin;

    @Option(names = "--must-change", description = "with --as: the operator must change the new password before signing in")
    boolean mustChange;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (mustChange && admin == null) throw new ParameterException(cmd, "--must-change 只能与 --as 一起使用");
        try (SqliteDatabase database = OperatorCommandSupport.openExistingDatabase(data)) {
            Operators operators = OperatorCommandSupport.operators(database);
            List<char[]> passwords = admin == null
                    ? OperatorCommandSupport.readPasswords(cmd, stdin, "当前密码", "新密码")
                    : OperatorCommandSupport.readPasswords(cmd, stdin, "管理员 " + admin + " 的密码", "新密码");
            OperatorOutcome<Operator> outcome;
            try {
                outcome = admin == null
                        ? operators.changePassword(new Credentials(opterNo, passwords.get(0)), passwords.get(1))
                        : operators.resetPassword(new Credentials(admin, passwords.get(0)), opterNo, passwords.get(1), mustChange);
            } finally {
                OperatorCommandSupport.wipe(passwords);
            }
            Refusal refusal = OperatorCommandSupport.refusalOf(outcome);
            if (refusal != null) return OperatorCommandSupport.refused(cmd, refusal);
            cmd.getOut().println("操作员 " + opterNo + " 的密码已修改");
            return EXIT_OK;
        } catch (SQLException | IOException | RuntimeException e) {
            return OperatorCommandSupport.failed(cmd, e);
        }
    }
}
