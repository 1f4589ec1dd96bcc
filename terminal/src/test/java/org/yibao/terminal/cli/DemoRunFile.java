package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yibao.terminal.demo.DemoSystem;

/** A minimal `terminal run` file for the demo institution, no centre, data in {@code dir/data}. */
final class DemoRunFile {
    private DemoRunFile() {
    }

    /** Writes {@code dir/terminal.yaml} naming {@code policy} and the API on {@code apiPort} (0: any free port). */
    static Path write(Path dir, Path policy, int apiPort) throws IOException {
        return Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: K01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: data
                policy: %s
                api: {port: %d}
                centre: none
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                policy, apiPort));
    }
}
