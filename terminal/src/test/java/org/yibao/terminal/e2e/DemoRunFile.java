package org.yibao.terminal.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;

/** A run file for the demo institution in {@code dir} (device RUN01, no centre, the demo files, data in {@code data}), then more YAML. */
final class DemoRunFile {
    private DemoRunFile() {
    }

    /** Writes {@code dir/run.yaml} with {@code sections} after the required keys, the demo files beside it. */
    static Path write(Path dir, String sections) throws Exception {
        DemoFiles.copyTo(dir.resolve("files"));
        return Files.writeString(dir.resolve("run.yaml"), """
                device_id: RUN01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: data
                policy: files/%s
                catalog: files/%s
                codemap: files/%s
                centre: none
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                DemoFiles.POLICY, DemoFiles.CATALOG, DemoFiles.CODEMAP) + sections);
    }
}
