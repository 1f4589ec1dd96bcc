package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.provision.ProvisionStatus;
import org.yibao.terminal.store.StorageFailures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal provision status}: the device key, the snapshot in force, identity, mode, versions,
 * client certificate expiry and the uplink backlog as the outbox database records it. Read-only;
 * safe while the service runs. Exit 0; 2 when the folder is missing or not a folder (1967) or a
 * file in it cannot be used; 1 when the folder cannot be read otherwise.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "显示本机身份、工作模式（收银台或自助机）、当前配置快照、版本、证书有效期和上传积压。")
public final class ProvisionStatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR",
            description = "本机数据目录（默认：${DEFAULT-VALUE}）") Path dataDir;
    @Option(names = "--json", description = "print one JSON object") boolean json;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode status;
        try {
            // a misspelt --data-dir is not a box never provisioned: 1967 naming it, not "provisioned: false"
            DataFolder.requireExisting(dataDir);
            status = ProvisionStatus.of(dataDir, Instant.now());
        } catch (IOException | SQLException e) {
            // a database or file it cannot use is a refusal with its own code (196x, 1018), exit 2; anything else is unexpected
            return StorageFailures.refusal(e)
                    .map(r -> CliRefusal.print(spec.commandLine(), r.reason().code(), "无法读取本机配置状态：" + r.errMsg()))
                    .orElseGet(() -> CliRefusal.print(spec.commandLine(), "1931", "无法读取本机配置状态：" + e.getMessage(), 1));
        }
        if (json) out.println(status);
        else print(out, "", status);
        return 0;
    }

    private static void print(PrintWriter out, String prefix, JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) print(out, prefix + e.getKey() + ".", e.getValue());
            else out.println(prefix + e.getKey() + ": " + (e.getValue().isArray() ? e.getValue().toString() : e.getValue().asText()));
        }
    }
}
