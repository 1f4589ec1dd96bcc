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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal operator disable}: an admin ({@code --as}, password on stdin) disables an
 * operator and ends their sign-in sessions. The last enabled admin cannot be disabled.
 */
@Command(name = "disable", mixinStandardHelpOptions = true, description = "停用操作员并结束其签到（须管理员）。")
public final class OperatorDisableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OperatorCommandSupport.DataDir data;
    @Mixin OperatorCommandSupport.PasswordStdin stdin;

    @Option(names = "--opter-no", required = true, description = "the operator to disable")
    String opterNo;

    @Option(names = "--as", required = true, paramLabel = "ADMIN_NO", description = "the admin doing it")
    String admin;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        try (SqliteDatabase database = OperatorCommandSupport.openExistingDatabase(data)) {
            var operators = OperatorCommandSupport.operators(database);
            List<char[]> passwords = OperatorCommandSupport.readPasswords(cmd, stdin, "管理员 " + admin + " 的密码");
            OperatorOutcome<Operator> outcome;
            try {
                outcome = operators.disable(new Credentials(admin, passwords.get(0)), opterNo);
            } finally {
                OperatorCommandSupport.wipe(passwords);
            }
            Refusal refusal = OperatorCommandSupport.refusalOf(outcome);
            if (refusal != null) return OperatorCommandSupport.refused(cmd, refusal);
            cmd.getOut().println("已停用操作员 " + opterNo + "，其签到已结束");
            return EXIT_OK;
        } catch (SQLException | IOException | RuntimeException e) {
            return OperatorCommandSupport.failed(cmd, e);
        }
    }
}
