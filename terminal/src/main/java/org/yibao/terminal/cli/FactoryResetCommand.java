package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.provisioning.reset.FactoryReset;
import org.yibao.provisioning.reset.ResetOutcome;
import org.yibao.provisioning.reset.ResetReason;
import org.yibao.terminal.app.DataFolderLock;
import org.yibao.terminal.app.RunFilePaths;
import org.yibao.terminal.provision.ConfigFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal factory-reset (--config FILE | --data-dir DIR) [--export-claims FILE] [--yes]}:
 * see {@link FactoryReset}. Exit 0 reset, 2 refused (see {@link CliRefusal}).
 */
@Command(name = "factory-reset", mixinStandardHelpOptions = true,
        description = {"恢复出厂状态（请先停止服务：systemctl stop；服务运行中时拒绝，1998）；有中心未确认的消息（1990）或被中心拒绝的结算（1996）时拒绝，除非先用 --export-claims 导出。",
                "Return the terminal to factory state. Stop the service first (systemctl stop): refused (1998) while it runs on DATA_DIR.",
                "Refuses (1990) while the outbox holds messages the centre has not acknowledged, and (1996) while it holds",
                "claims the centre refused (REJECTED: the device's copy is the only one left), unless",
                "--export-claims FILE writes them out first (fsynced, read back and compared; FILE really outside DATA_DIR,",
                "links resolved: 1995; never over an existing FILE: 1997). Refuses (1994) while DATA_DIR holds a quarantined database (*.corrupt-…), whose",
                "claims can be neither counted nor exported. A DATA_DIR given through a link is reset where it points.",
                "A --config FILE that does not load for another field (an api_tls key lost) still names its data_dir.",
                "Removes: everything inside DATA_DIR (terminal.db with settlements, person cache, operators,",
                "outbox; device keys; configuration snapshots) and the --config file.",
                "Kept: the export file, logs outside DATA_DIR, and the api_tls certificate and key the --config file names",
                "(they live outside DATA_DIR and may serve others: both are named; remove the key by hand before the box leaves).",
                "The database is not recreated; the next start begins empty and needs provisioning again.",
                "Without --yes nothing is removed: it lists what would go (1992). Exit 0 reset, 2 refused."})
public final class FactoryResetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** err_msg of 1993 when neither folder option is given. */
    private static final String NO_DATA_DIR = "需要 --config FILE 或 --data-dir DIR";
    /** Named, not removed: they lie outside the data folder, where a pharmacy's other services may use them too. */
    private static final String TLS_LEFT = "未删除运行配置 api_tls 所指的证书与私钥（不在数据目录中）：";

    @Option(names = "--config", paramLabel = "FILE", description = "the terminal configuration (its data dir; the file is removed too)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data folder (holds terminal.db)")
    Path dataDir;

    @Option(names = "--export-claims", paramLabel = "FILE", description = "write unacknowledged and refused outbox messages here first (holds personal data)")
    Path exportClaims;

    @Option(names = "--yes", description = "confirm: really remove")
    boolean yes;

    @Override public Integer call() throws IOException {
        DataFolder.notBoth(spec.commandLine(), config, dataDir);
        Path dir;
        try {
            dir = config == null ? dataDir : ToolRunFile.load(config).dataDir();
        } catch (ConfigFileException e) {
            return CliRefusal.print(spec.commandLine(), e.code(), e.errMsg());
        }
        if (dir == null) return CliRefusal.print(spec.commandLine(), ResetReason.NOT_A_DATA_DIR.code(), NO_DATA_DIR);
        if (DataFolderLock.heldElsewhere(dir)) { // the service would go on settling into deleted files
            return CliRefusal.print(spec.commandLine(), ResetReason.IN_USE.code(), ResetReason.IN_USE.message() + "：" + dir);
        }
        // named before the reset: a file under a linked folder inside DATA_DIR no longer resolves once the link is gone
        List<String> kept = keptOutside(dir, config == null ? List.of() : RunFilePaths.read(config).apiTls());
        ResetOutcome outcome = FactoryReset.run(dir, config == null ? List.of() : List.of(config), Optional.ofNullable(exportClaims), yes);
        return switch (outcome) {
            case ResetOutcome.Done done -> {
                spec.commandLine().getOut().println("已恢复出厂设置：删除 " + done.removed().size() + " 项，导出未确认或被拒绝的数据 " + done.exported() + " 条");
                if (!kept.isEmpty()) spec.commandLine().getOut().println(TLS_LEFT + String.join(", ", kept) + "；设备离开药店前请手工删除私钥");
                yield 0;
            }
            case ResetOutcome.Refused refused -> CliRefusal.print(spec.commandLine(), refused.reason().code(),
                    refused.reason().message() + detail(refused, kept));
        };
    }

    /** The refusal's detail; a 1992 (what would go) also names the api_tls files that would stay. */
    private static String detail(ResetOutcome.Refused refused, List<String> kept) {
        String detail = refused.detail().isEmpty() ? "" : "：" + refused.detail();
        if (refused.reason() != ResetReason.NOT_CONFIRMED || kept.isEmpty()) return detail;
        return detail + "；" + TLS_LEFT + String.join(", ", kept);
    }

    /**
     * The names of {@code files} the reset leaves: those that are not really inside {@code dir}
     * (links resolved on both sides, as the reset removes the folder where it really is), a file
     * reached through a link named with where it really is; one whose place cannot be told is named too.
     */
    private static List<String> keptOutside(Path dir, List<Path> files) {
        Optional<Path> real = realPath(dir);
        List<String> out = new ArrayList<>();
        for (Path f : files.stream().filter(Files::exists).distinct().toList()) {
            Optional<Path> where = realPath(f);
            if (where.isPresent() && real.isPresent() && where.get().startsWith(real.get())) continue;
            boolean linked = where.isPresent() && !where.get().equals(f.toAbsolutePath().normalize());
            out.add(linked ? f + "（实际位于 " + where.get() + "）" : f.toString());
        }
        return out;
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
