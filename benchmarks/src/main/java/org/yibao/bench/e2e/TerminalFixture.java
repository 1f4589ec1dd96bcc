package org.yibao.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.operator.Credentials;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.operator.Role;

/**
 * A device's folder for {@code terminal run --config}: the bundled demo policy, catalogue, code
 * map and persons, a data folder with one cashier-capable operator whose first password was
 * already changed, and a configuration file for the demo institution.
 */
public final class TerminalFixture {
    public static final String OPERATOR = "0001";
    public static final String PASSWORD = "bench-0001-pw";
    /** 张三丰 of the demo persons (310/11, account 1500.00). */
    public static final String CERTNO = "371502199001011234";

    private final Path dir;
    private final Path files;

    private TerminalFixture(Path dir, Path files) {
        this.dir = dir;
        this.files = files;
    }

    /** The files, the operator, and {@code dir/terminal.yaml} with the API on {@code apiPort} and {@code centre}. */
    public static TerminalFixture create(Path dir, int apiPort, String centre) throws IOException, SQLException {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path data = Files.createDirectories(dir.resolve("data"));
        seedOperator(data.resolve("terminal.db"));
        Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: BENCH01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: pharmacy}
                data_dir: data
                policy: files/%s
                catalog: files/%s
                codemap: files/%s
                api: {port: %d}
                centre: %s
                """.formatted(Envelopes.FIXMEDINS_CODE, Envelopes.FIXMEDINS_NAME, Envelopes.ADMDVS, DemoFiles.POLICY,
                DemoFiles.CATALOG, DemoFiles.CODEMAP, apiPort, centre));
        return new TerminalFixture(dir, files);
    }

    public Path config() {
        return dir.resolve("terminal.yaml");
    }

    public Path persons() {
        return files.resolve(DemoFiles.PERSONS);
    }

    /** {@code terminal run --config FILE}. */
    public List<String> runArgs() {
        return List.of("run", "--config", config().toString());
    }

    private static void seedOperator(Path database) throws SQLException {
        try (SqliteDatabase db = SqliteDatabase.open(database)) {
            Operators operators = Operators.open(db, new PasswordHasher(), LockoutPolicy.DEFAULT, Clock.systemDefaultZone());
            if (!operators.isEmpty()) return;
            char[] initial = "bench-initial-1".toCharArray();
            check(operators.addFirstAdmin(new NewOperator(OPERATOR, "收款员", Role.ADMIN, true), initial));
            check(operators.changePassword(new Credentials(OPERATOR, initial), PASSWORD.toCharArray()));
        }
    }

    private static void check(OperatorOutcome<?> outcome) {
        if (outcome instanceof OperatorOutcome.Refused<?> refused) {
            throw new IllegalStateException("operator set-up refused: " + refused.refusal());
        }
    }
}
