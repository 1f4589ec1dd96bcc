package org.yibao.terminal.devices;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.VoucherDecoder;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * The devices of {@code terminal run}: those {@link DeviceSetup} finds, made by {@link
 * DeviceFactory}, with the voucher verifier over the provisioned trust file and the replay store
 * {@code voucher-nonces.db} in the data folder; or, with no devices configured anywhere, the
 * simulated printer and indicators and no reader or scanner. {@link #close()} releases what
 * {@code TerminalApp} does not (the reader, the scanner, the replay store).
 */
public final class RunDevices implements AutoCloseable {
    private final FlowDevices flow;
    private final ConfiguredDevices made;
    private final SqliteReplayStore replay;

    private RunDevices(FlowDevices flow, ConfiguredDevices made, SqliteReplayStore replay) {
        this.flow = flow;
        this.made = made;
        this.replay = replay;
    }

    /**
     * Makes the devices for the run configuration {@code configFile} and {@code dataDir}; an
     * {@link IllegalStateException} or {@link IllegalArgumentException} says why they cannot be.
     */
    public static RunDevices open(Path configFile, Path dataDir) throws IOException {
        var configured = DeviceSetup.resolve(configFile, dataDir);
        if (configured.isEmpty()) {
            return new RunDevices(new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()),
                    Optional.empty(), Optional.empty(), Optional.empty()), null, null);
        }
        ConfiguredDevices made = DeviceFactory.make(configured.get());
        SqliteReplayStore replay = null;
        try {
            Optional<Path> trust = DeviceSetup.trustFile(dataDir);
            Optional<VoucherDecoder> vouchers = Optional.empty();
            if (trust.isPresent()) {
                replay = SqliteReplayStore.open(dataDir);
                vouchers = Optional.of(new Ybec1Verifier(TrustFileReader.read(trust.get()), replay, Ybec1Verifier.DEFAULT_SKEW));
            }
            return new RunDevices(made.forRun(vouchers), made, replay);
        } catch (RuntimeException e) {
            made.close();
            if (replay != null) replay.close();
            throw e;
        }
    }

    /** What the flows use. */
    public FlowDevices flow() {
        return flow;
    }

    @Override public void close() {
        if (made != null) made.close();
        if (replay != null) replay.close();
    }
}
