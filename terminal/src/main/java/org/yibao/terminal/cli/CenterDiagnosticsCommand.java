package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.terminal.centre.UploadedDiagnostics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center diagnostics --db FILE --device ID --out FILE.zip [--update-id ID]}:
 * saves the diagnostics zip a device uploaded (its newest, or the one answering that command)
 * and prints {@code {"device","message_id","update_id","zip_status","zip_bytes","out"}}. Exit 0;
 * 2 when the database is not the centre's (refused as {@link CentreDatabaseReport} says; it is
 * only read, never changed) or {@code --out} exists (never overwritten);
 * 3 when the device refused to send the zip (1951, its reason printed); 4 when there is no
 * such report. The file is written whole or not at all (a temporary file moved into place).
 */
@Command(name = "diagnostics", mixinStandardHelpOptions = true, description = "保存设备上传的诊断包（zip）。")
public final class CenterDiagnosticsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, description = "the centre's SQLite file")
    Path db;

    @Option(names = "--device", required = true, description = "the device id")
    String device;

    @Option(names = "--update-id", description = "the diagnostics command's update_id (default: the newest report)")
    String updateId;

    @Option(names = "--out", required = true, description = "where to write the zip (must not exist)")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(out)) {
            err.println("文件已存在，不覆盖：" + out);
            return 2;
        }
        Optional<Optional<UploadedDiagnostics.Report>> read = CentreDatabaseReport.read(spec, db,
                database -> UploadedDiagnostics.find(ClaimStore.openExisting(database), device, Optional.ofNullable(updateId)));
        if (read.isEmpty()) return 2; // not the centre's database: refused on stdout
        Optional<UploadedDiagnostics.Report> found = read.get();
        if (found.isEmpty()) {
            err.println("中心未收到设备 " + device + " 的诊断包" + (updateId == null ? "" : "（命令 " + updateId + "）"));
            return 4;
        }
        UploadedDiagnostics.Report report = found.get();
        if (report.zip().isEmpty()) {
            err.println("设备未上传诊断包（" + report.zipStatus() + "）：" + report.reason());
            return 3;
        }
        write(report.zip().get());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("device", report.device());
        summary.put("message_id", report.messageId());
        summary.put("update_id", report.updateId());
        summary.put("zip_status", report.zipStatus());
        summary.put("zip_bytes", report.zip().get().length);
        summary.put("out", out.toString());
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary));
        return 0;
    }

    private void write(byte[] zip) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".diagnostics-", ".part");
        try {
            Files.write(temp, zip);
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
