package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.bundle.ApplyOutcome;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.VerifiedBundle;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.provision.FirstAdminSetup;
import org.yibao.terminal.provision.TerminalBundleChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal provision apply BUNDLE}: verifies the centre's signed bundle completely
 * (provisioning root, this device's fingerprint, expiry, certificate for this device's key, trust
 * file, first admin, configuration), writes it as a new snapshot, then creates the first admin
 * bound to change the one-time password. The same bundle again changes nothing (but still makes
 * sure the admin exists, for an apply cut short after the snapshot). A refusal prints
 * {@code {"term_errcode":"19NN","err_msg":"..."}} and exits 2 with every file as it was.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "校验并应用医保中心签发的配置包，创建首个管理员。")
public final class ProvisionApplyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR",
            description = "本机数据目录（默认：${DEFAULT-VALUE}）") Path dataDir;
    @Parameters(paramLabel = "BUNDLE", description = "the bundle file (yibao-bundle/1 JSON)") Path bundleFile;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(bundleFile)) {
            String why = Files.isDirectory(bundleFile) ? bundleFile + "：是目录，不是文件；请给出配置包文件" : "文件不存在：" + bundleFile;
            return refused(out, new Problem(ProvisionReason.BUNDLE_MALFORMED, "", why));
        }
        byte[] bundle = Files.readAllBytes(bundleFile);
        ApplyOutcome outcome = new BundleApplier(dataDir, new TerminalBundleChecks()).apply(bundle, Instant.now());
        return switch (outcome) {
            case ApplyOutcome.Refused(List<Problem> problems) -> refused(out, problems.getFirst());
            case ApplyOutcome.Applied(int snapshot, VerifiedBundle verified) -> finish(out, "applied", snapshot, verified);
            case ApplyOutcome.AlreadyApplied(int snapshot, VerifiedBundle verified) -> finish(out, "already_applied", snapshot, verified);
        };
    }

    private int finish(PrintWriter out, String result, int snapshot, VerifiedBundle verified) {
        ObjectNode answer = JSON.createObjectNode().put("result", result).put("snapshot", snapshot)
                .put("device_id", verified.config().deviceId())
                .put("fixmedins_code", verified.config().institution().fixmedinsCode())
                .put("client_cert_not_after", verified.certificateNotAfter().toString());
        try (SqliteDatabase db = SqliteDatabase.open(dataDir.resolve(OperatorCommandSupport.DATABASE_FILE), BeijingTime.clock())) {
            Operators operators = Operators.open(db, new PasswordHasher(), LockoutPolicy.DEFAULT, BeijingTime.clock());
            OperatorOutcome<FirstAdminSetup.Result> admin = new FirstAdminSetup(operators).ensure(verified.firstAdmin());
            ObjectNode a = answer.putObject("first_admin").put("opter_no", verified.firstAdmin().opterNo());
            switch (admin) {
                case OperatorOutcome.Done<FirstAdminSetup.Result>(FirstAdminSetup.Result r) -> a.put("result", r.name().toLowerCase(java.util.Locale.ROOT))
                        .put("must_change_password", operators.find(verified.firstAdmin().opterNo())
                                .map(Operator::mustChangePassword).orElse(false)); // as operator list shows it, also when already there
                case OperatorOutcome.Refused<FirstAdminSetup.Result>(Refusal refusal) -> {
                    out.println(CliRefusal.json(refusal.reason().code(), "配置已应用（快照 " + snapshot + "），但首个管理员未能创建：" + refusal.errMsg()));
                    return 1;
                }
            }
        } catch (SQLException | RuntimeException e) {
            // a database the technician must see to first (quarantined, busy, read-only, a full disk):
            // its code and Chinese text, as any command says it; only a bug keeps the exception's own
            Optional<Refusal> storage = CliRefusal.refusalOf(e);
            String why = storage.map(r -> "：" + r.reason().code() + " " + r.errMsg() + "；处理后请重新执行本命令")
                    .orElseGet(() -> "，请重新执行本命令：" + e.getMessage());
            out.println(CliRefusal.json(ProvisionReason.FIRST_ADMIN_NOT_CREATED.code(), "配置已应用（快照 " + snapshot
                    + "），但首个管理员未能创建" + why));
            return 1;
        } finally {
            verified.firstAdmin().wipe();
        }
        out.println(answer);
        return 0;
    }

    private static int refused(PrintWriter out, Problem problem) {
        out.println(CliRefusal.json(problem.reason().code(), problem.errMsg()));
        return CliRefusal.EXIT_REFUSED;
    }
}
