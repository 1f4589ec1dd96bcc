package org.yibao.drivers.testrig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Whether a TCP port is in LISTEN state, read from /proc/net/tcp (connecting would disturb vpcd). */
final class Listening {
    private Listening() {
    }

    static boolean isListening(int port) throws IOException {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
            if (!Files.exists(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    return true;
                }
            }
        }
        return false;
    }
}
