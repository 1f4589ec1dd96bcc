package org.yibao.terminal.cli;

import static org.yibao.terminal.cli.OperatorCommandSupport.EXIT_OK;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.Credentials;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.Role;
import org.yibao.terminal.privacy.Masking;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terminal operator add}: the first operator of a terminal must be an admin and is
 * created bound to change this initial password before anything else works (stdin: one line,
 * the initial password). Every later operator is added by an admin named with {@code --as}
 * (stdin: the admin's password, then the new operator's password).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "添加操作员。本机第一个操作员须为管理员，且首次使用前须修改密码。")
public final class OperatorAddCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OperatorCommandSupport.DataDir data;
    @Mixin OperatorCommandSupport.PasswordStdin stdin;

    @Option(names = "--opter-no", required = true, description = "operator number (1-20 letters, digits, _ or -)")
    String opterNo;

    @Option(names = "--name", required = true, description = "operator name")
    String name;

    @Option(names = "--role", required = true, description = "admin, cashier or technician")
    String role;

    @Option(names = "--as", paramLabel = "ADMIN_NO", description = "the admin adding this operator (not for the first one)")
    String admin;

    @Option(names = "--must-change", description = "the new operator must change this password before signing in")
    boolean mustChange;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Role parsedRole = Role.ofCode(role)
                .orElseThrow(() -> new ParameterException(cmd, "--role 须为 admin、cashier 或 technician"));
        try (SqliteDatabase database = admin == null ? OperatorCommandSupport.openDatabase(data)
                : OperatorCommandSupport.openExistingDatabase(data)) {
            Operators operators = OperatorCommandSupport.operators(database);
            OperatorOutcome<Operator> outcome = operators.isEmpty()
                    ? addFirst(operators, parsedRole)
                    : addByAdmin(operators, parsedRole);
            Refusal refusal = OperatorCommandSupport.refusalOf(outcome);
            if (refusal != null) return OperatorCommandSupport.refused(cmd, refusal);
            Operator added = ((OperatorOutcome.Done<Operator>) outcome).value();
            cmd.getOut().println("已添加操作员 " + added.opterNo() + "（" + Masking.name(added.name()) + "，" + added.role().code() + "）"
                    + (added.mustChangePassword() ? "；首次使用前须用 terminal operator passwd 修改密码" : ""));
            return EXIT_OK;
        } catch (SQLException | IOException | RuntimeException e) {
            return OperatorCommandSupport.failed(cmd, e);
        }
    }

    private OperatorOutcome<Operator> addFirst(Operators operators, Role parsedRole) throws SQLException, IOException {
        if (admin != null) throw new ParameterException(spec.commandLine(), "本机尚无操作员：第一个管理员不需要 --as");
        List<char[]> passwords = OperatorCommandSupport.readPasswords(spec.commandLine(), stdin, "初始密码");
        try {
            return operators.addFirstAdmin(new NewOperator(opterNo, name, parsedRole, true), passwords.get(0));
        } finally {
            OperatorCommandSupport.wipe(passwords);
        }
    }

    private OperatorOutcome<Operator> addByAdmin(Operators operators, Role parsedRole) throws SQLException, IOException {
        if (admin == null) throw new ParameterException(spec.commandLine(), "本机已有操作员：须用 --as 指定执行添加的管理员工号");
        List<char[]> passwords = OperatorCommandSupport.readPasswords(spec.commandLine(), stdin,
                "管理员 " + admin + " 的密码", "新操作员的密码");
        try {
            return operators.add(new Credentials(admin, passwords.get(0)),
                    new NewOperator(opterNo, name, parsedRole, mustChange), passwords.get(1));
        } finally {
            OperatorCommandSupport.wipe(passwords);
        }
    }
}
