package org.yibao.terminal.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.simulated.SimulatedCodeScanner;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.trust.TrustFile;
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
    private final SimulatedIndicators indicators = SimulatedIndicators.realTime();
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
        Path nonceDir = Files.createDirectories(dataDir);
        // The nonce store is the process's first SQLite file (loading the native library): it opens
        // on a thread of its own while the platform makes its SM2 key and the trust file.
        CompletableFuture<SqliteReplayStore> opening = CompletableFuture.supplyAsync(() -> SqliteReplayStore.open(nonceDir),
                runnable -> Thread.ofPlatform().name("demo-nonces-open").start(runnable));
        try {
            DemoVoucherPlatform platform = new DemoVoucherPlatform();
            TrustFile trust = TrustFileReader.read(platform.writeTrust(filesDir, clock.instant()));
            SqliteReplayStore nonces = opening.join();
            return new DemoDevices(platform, nonces, new Ybec1Verifier(trust, nonces, Ybec1Verifier.DEFAULT_SKEW));
        } catch (IOException | RuntimeException e) {
            opening.thenAccept(SqliteReplayStore::close); // once it is open, if it opened
            if (e instanceof CompletionException c && c.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
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
