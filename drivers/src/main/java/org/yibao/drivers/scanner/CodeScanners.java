package org.yibao.drivers.scanner;

import org.yibao.drivers.scanner.serial.SerialCodeScanner;
import org.yibao.drivers.scanner.simulated.SimulatedCodeScanner;

/** Makes the configured scanner: {@code "serial"} (real) or {@code "simulated"} (its twin). */
public final class CodeScanners {
    private CodeScanners() {
    }

    public static CodeScannerPort create(ScannerConfig config) {
        return switch (config.driver()) {
            case ScannerConfig.SERIAL -> new SerialCodeScanner(config);
            case ScannerConfig.SIMULATED -> new SimulatedCodeScanner(config);
            default -> throw new IllegalArgumentException("unknown scanner driver " + config.driver());
        };
    }
}
