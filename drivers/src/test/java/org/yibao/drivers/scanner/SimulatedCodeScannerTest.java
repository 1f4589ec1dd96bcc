package org.yibao.drivers.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.scanner.simulated.SimulatedCodeScanner;

class SimulatedCodeScannerTest {
    private final List<String> scans = new ArrayList<>();
    private final List<ScannerState> states = new ArrayList<>();
    private final ScanListener listener = new ScanListener() {
        @Override public void onScan(String text) {
            scans.add(text);
        }

        @Override public void onStateChange(ScannerState state) {
            states.add(state);
        }
    };

    private SimulatedCodeScanner open(Charset charset, String prefix) {
        var scanner = assertInstanceOf(SimulatedCodeScanner.class,
                CodeScanners.create(ScannerConfig.of("simulated", null, charset, prefix)));
        scanner.open(listener);
        return scanner;
    }

    @Test void scansGoThroughTheSameFramerAsTheDevice() {
        SimulatedCodeScanner scanner = open(Charset.forName("GBK"), "SC:");
        scanner.scan("YBEC1.abc");
        scanner.scan("张三");
        scanner.sendRaw(new byte[] {(byte) 0x81, 0x00, '\r'});
        scanner.sendRaw("]Q1XYZ\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("YBEC1.abc", "张三", "XYZ"), scans);
    }

    @Test void unplugAndPlugAnnounceStatesAndDropWhatIsSentMeanwhile() {
        SimulatedCodeScanner scanner = open(StandardCharsets.UTF_8, "");
        scanner.sendRaw("HALF".getBytes(StandardCharsets.US_ASCII));
        scanner.unplug();
        scanner.scan("LOST");
        scanner.plug();
        scanner.scan("AFTER");
        scanner.close();
        scanner.scan("CLOSED");
        assertEquals(List.of("AFTER"), scans);
        assertEquals(List.of(ScannerState.CONNECTED, ScannerState.DISCONNECTED, ScannerState.CONNECTED,
                ScannerState.CLOSED), states);
    }

    @Test void openingTwiceIsABug() {
        SimulatedCodeScanner scanner = open(StandardCharsets.UTF_8, "");
        assertThrows(IllegalStateException.class, () -> scanner.open(listener));
    }

    @Test void aFailingListenerDoesNotStopTheScanner() {
        var scanner = CodeScanners.create(ScannerConfig.of("simulated", null, StandardCharsets.UTF_8, ""));
        List<String> seen = new ArrayList<>();
        scanner.open(text -> {
            seen.add(text);
            throw new IllegalStateException("listener bug");
        });
        ((SimulatedCodeScanner) scanner).scan("ONE");
        ((SimulatedCodeScanner) scanner).scan("TWO");
        assertEquals(List.of("ONE", "TWO"), seen);
    }
}
