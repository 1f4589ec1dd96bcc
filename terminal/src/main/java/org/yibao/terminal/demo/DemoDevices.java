package org.yibao.terminal.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.simulated.SimulatedCodeScanner;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * The demo terminal's devices, all simulated twins: printer, indicators, a 社保卡 reader the
 * scenario inserts cards into, and a code scanner whose reads reach the terminal's scan inbox
 * and are verified against the trust file of the {@link DemoVoucherPlatform} (nonces kept in
 * the terminal's data folder). The terminal service closes the printer and indicators;
 * {@link #close()} closes the reader, the scanner and the nonce store.
 */
public final class DemoDevices implements AutoCloseable {
    private final SimulatedPrinter printer = new SimulatedPrinter();
    private final SimulatedIndicators indicators = new SimulatedIndicators(new ManualScheduler());
    private final SimulatedCardReader reader =
            new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"));
    private final SimulatedCodeScanner scanner =
            new SimulatedCodeScanner(ScannerConfig.of(ScannerConfig.SIMULATED, "", StandardCharsets.UTF_8, ""));
    private final ScanInbox inbox = new ScanInbox();
    private final DemoVoucherPlatform platform;
    private final SqliteReplayStore nonces;
    private final Ybec1Verifier verifier;

    private DemoDevices(DemoVoucherPlatform platform, SqliteReplayStore nonces, Ybec1Verifier verifier) {
        this.platform = platform;
        this.nonces = nonces;
        this.verifier = verifier;
        scanner.open(inbox);
    }

    /** Writes the voucher trust file into {@code filesDir} and opens the nonce store in {@code dataDir}. */
    static DemoDevices open(Path filesDir, Path dataDir, Clock clock) throws IOException {
        DemoVoucherPlatform platform = new DemoVoucherPlatform();
        Path trust = platform.writeTrust(filesDir, clock.instant());
        SqliteReplayStore nonces = SqliteReplayStore.open(Files.createDirectories(dataDir));
        return new DemoDevices(platform, nonces, new Ybec1Verifier(TrustFileReader.read(trust), nonces, Ybec1Verifier.DEFAULT_SKEW));
    }

    /** What the terminal service is started with. */
    FlowDevices flowDevices() {
        return new FlowDevices(printer, indicators, Optional.of(new CardReadService(reader, new SocialSecurityCardReader())),
                Optional.of(inbox), Optional.of(verifier));
    }

    public SimulatedPrinter printer() {
        return printer;
    }

    public SimulatedCardReader reader() {
        return reader;
    }

    public SimulatedCodeScanner scanner() {
        return scanner;
    }

    public DemoVoucherPlatform platform() {
        return platform;
    }

    @Override
    public void close() {
        try {
            scanner.close();
            reader.close();
        } finally {
            nonces.close();
        }
    }
}
