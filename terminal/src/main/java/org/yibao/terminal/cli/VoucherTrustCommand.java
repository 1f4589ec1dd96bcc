package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.fleet.TechnicianTrust;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal voucher trust --data-dir DIR FILE}: the technician loads a voucher trust file
 * (platform keys and revocations) as the one in use, checked whole first as every trust file is
 * (1560-1568: nothing changes). A running service puts it in use within about a second (it looks
 * at the stored file every second: on its fleet agent, or on a watch of its own without a centre);
 * a service not running reads it at its next start. The folder must already hold the terminal's
 * database.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"技术人员载入电子凭证信任文件（平台公钥与吊销名单），取代本机正在使用的信任文件；运行中的服务约一秒内启用，未运行的服务在下次启动时启用。",
                "Exit 0 loaded, 2 refused (1560-1568, 1960-1963, 1018)."})
public final class VoucherTrustCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OutboxCommandSupport.DataDir data;

    @Parameters(index = "0", paramLabel = "FILE", description = "the trust file to use (spec: evoucher-and-card §3)")
    Path file;

    @Override
    public Integer call() {
        Path database = data.database();
        try {
            byte[] json = TrustFileReader.bytes(file);
            TrustFile trust = TrustFileReader.parse(file, json);
            requireExisting(database);
            try (SqliteDatabase db = SqliteDatabase.open(database, BeijingTime.clock())) {
                TechnicianTrust.load(db, trust, json, Instant.now());
            }
            CommandStdout.println(spec, summary(trust));
            return 0;
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        } catch (SQLException | RuntimeException e) {
            return OperatorCommandSupport.failed(spec.commandLine(), e);
        }
    }

    private static void requireExisting(Path database) {
        try (SqliteDatabase ignored = ExistingDatabase.open(database, database.toString())) {
            // present, a SQLite database, readable: the load may open it for writing
        } catch (SQLException e) {
            throw new RefusedException(CliRefusal.readingDatabase(e, database.toString()), e);
        }
    }

    private static ObjectNode summary(TrustFile trust) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("trust_version", trust.version());
        trust.keys().keySet().stream().sorted().forEach(out.putArray("kids")::add);
        out.put("revoked_ec_tokens", trust.revoked().ecTokens().size());
        out.put("revoked_psn_nos", trust.revoked().psnNos().size());
        out.put("note", "已载入信任文件 " + trust.version() + "；运行中的服务约一秒内启用，未运行的服务在下次启动时启用");
        return out;
    }
}
