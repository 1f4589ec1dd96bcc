package org.yibao.terminal.devices;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.provisioning.selftest.DeviceChecks;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.fleet.TrustInUse;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * The devices of {@code terminal run}: those {@link DeviceSetup} finds, made by {@link
 * DeviceFactory}, with the voucher verifier reading the {@link #trust() trust file in use} (which
 * {@code TerminalApp} loads at start, the provisioned one or the last one applied over the
 * uplink, and fleet updates replace while serving), the replay store {@code voucher-nonces.db} in
 * the data folder and the clock skew configured for vouchers ({@link DeviceSetup#voucher}); or,
 * with no devices configured anywhere, the simulated printer and indicators and no reader or
 * scanner. {@link #close()} releases what {@code TerminalApp} does not (the reader, the scanner,
 * the replay store).
 */
public final class RunDevices implements AutoCloseable {
    private final FlowDevices flow;
    private final ConfiguredDevices made;
    private final SqliteReplayStore replay;
    private final TrustInUse trust;

    private RunDevices(FlowDevices flow, ConfiguredDevices made, SqliteReplayStore replay, TrustInUse trust) {
        this.flow = flow;
        this.made = made;
        this.replay = replay;
        this.trust = trust;
    }

    /**
     * Makes the devices for the run configuration {@code configFile} and {@code dataDir}; an
     * {@link IllegalStateException} or {@link IllegalArgumentException} says why they cannot be.
     */
    public static RunDevices open(Path configFile, Path dataDir) throws IOException {
        var configured = DeviceSetup.resolve(configFile, dataDir);
        Duration skew = DeviceSetup.voucher(configFile, dataDir).skew();
        TrustInUse trust = TrustInUse.empty();
        if (configured.isEmpty()) {
            return new RunDevices(new FlowDevices(new SimulatedPrinter(), SimulatedIndicators.realTime(),
                    Optional.empty(), Optional.empty(), Optional.empty()), null, null, trust);
        }
        ConfiguredDevices made = DeviceFactory.make(configured.get());
        SqliteReplayStore replay = null;
        try {
            replay = SqliteReplayStore.open(dataDir);
            return new RunDevices(made.forRun(new Ybec1Verifier(trust, replay, skew)), made, replay, trust);
        } catch (RuntimeException e) {
            made.close();
            if (replay != null) replay.close();
            throw e;
        }
    }

    /** The trust file the voucher verifier reads; give it to {@code TerminalApp.start}, which fills and updates it. */
    public TrustInUse trust() {
        return trust;
    }

    /**
     * The devices as the self-test sees them (real ones checked, simulated ones skipped, none
     * configured: every device check skipped), for the centre's {@code selftest} command.
     */
    public DeviceChecks.Devices forSelftest() {
        return made == null ? DeviceChecks.Devices.none() : made.forSelftest();
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
