package org.yibao.terminal.cli;

import static org.yibao.terminal.cli.OperatorCommandSupport.EXIT_OK;
import static org.yibao.terminal.cli.OperatorCommandSupport.EXIT_UNEXPECTED;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.privacy.Masking;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal operator list}: one line per operator - number, name (masked unless
 * {@code --unmasked}), role and state. Never shows a password hash. It only reads: the data
 * folder's terminal.db is opened read-only, and a folder without one (or with a file that is not
 * a database) is refused with {@code {"term_errcode","err_msg"}} on stdout and exit 2, nothing created.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "列出本机操作员（不显示密码散列）。")
public final class OperatorListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OperatorCommandSupport.DataDir data;

    @Option(names = "--unmasked", description = "print names unmasked")
    boolean unmasked;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path file = data.dataDir.resolve(OperatorCommandSupport.DATABASE_FILE);
        try (SqliteDatabase database = ExistingDatabase.open(file, file.toString())) {
            List<Operator> operators = Operators.listExisting(database);
            out.println(String.join("\t", "工号", "姓名", "角色", "状态"));
            Instant now = Instant.now();
            for (Operator operator : operators) {
                out.println(String.join("\t", operator.opterNo(), unmasked ? operator.name() : Masking.name(operator.name()),
                        operator.role().code(), state(operator, now)));
            }
            return EXIT_OK;
        } catch (RefusedException e) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), e.refusal());
        } catch (SQLException e) {
            return CatalogCommandSupport.printRefusal(spec.commandLine(), CliRefusal.readingDatabase(e, file.toString()));
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("操作失败：" + e.getMessage());
            return EXIT_UNEXPECTED;
        }
    }

    private static String state(Operator operator, Instant now) {
        List<String> states = new ArrayList<>();
        states.add(operator.disabled() ? "停用" : "启用");
        if (operator.mustChangePassword()) states.add("须修改密码");
        if (operator.lockedAt(now)) {
            LocalDateTime until = LocalDateTime.ofInstant(operator.lockedUntil().orElseThrow(), BeijingTime.ZONE);
            states.add("锁定至 " + until.format(Timestamps.TIME));
        } else if (operator.failedAttempts() > 0) {
            states.add("密码错误 " + operator.failedAttempts() + " 次");
        }
        return String.join("，", states);
    }
}
