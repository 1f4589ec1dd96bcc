package org.yibao.terminal.fleet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdatePublisher;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateSigner;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.devices.RunDevices;
import org.yibao.terminal.flow.FlowDevices;

/**
 * A real Mosquitto broker, the reference centre (its SQLite file, the catch-up service) and a
 * running {@link TerminalApp} (device T01 of area 371502, its own terminal.db) whose data folder
 * trusts the rig's provisioning root; {@link #publish} does what {@code terminal center publish}
 * does: sign, number and store, then push on the target's topic.
 */
final class FleetRig implements AutoCloseable {
    static final String DEVICE = "T01";
    static final String ADMDVS = "371502";
    static final String FIXMEDINS = "H00000000001";
    static final Path EXAMPLES = Path.of("src/main/resources/examples");

    final Path dir;
    final MosquittoBroker broker;
    final ReferenceCentreService centre;
    final DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
    final UpdateSigner signer = new UpdateSigner(root.pair().getPrivate(), KeyAlgorithm.EC);
    TerminalApp app;
    /** The trust holder the terminal was started with (what a scanner's voucher verifier reads). */
    final TrustInUse trust = TrustInUse.empty();

    /** The devices made from {@link #configFile} as {@code terminal run} makes them (null: the plain rig). */
    final RunDevices devices;
    final Path configFile;

    FleetRig(Path dir) throws Exception {
        this(dir, null);
    }

    /**
     * A rig whose terminal is started as {@code terminal run} starts it from {@code configFile}
     * (its {@code devices:} section): the devices by {@link RunDevices}, and the log folder
     * {@code terminal/logs}, the configuration file and the devices handed to the centre's commands.
     */
    FleetRig(Path dir, Path configFile) throws Exception {
        this.dir = dir;
        this.configFile = configFile;
        broker = MosquittoBroker.start(dir.resolve("broker"));
        centre = ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"), PersonDirectory.empty(), "c1", Clock.systemUTC());
        Path data = dir.resolve("terminal");
        Files.createDirectories(data.resolve("trust"));
        Files.writeString(data.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        for (String f : List.of("policy.yaml", "catalog.tsv", "codemap.tsv")) {
            Files.copy(EXAMPLES.resolve(f), dir.resolve(f));
        }
        devices = configFile == null ? null : RunDevices.open(configFile, data);
        startTerminal();
    }

    void startTerminal() throws Exception {
        TerminalConfig config = new TerminalConfig(DEVICE, new TerminalConfig.Institution(FIXMEDINS, "演示药店", ADMDVS, "pharmacy"),
                dir.resolve("terminal"), dir.resolve("policy.yaml"), Optional.of(dir.resolve("catalog.tsv")),
                Optional.of(dir.resolve("codemap.tsv")), 0, new TerminalConfig.Centre.Mqtt(broker.uri()));
        if (devices != null) {
            app = TerminalApp.start(config, devices.flow(), Clock.systemUTC(),
                    new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(500), RandomGenerator.getDefault()), Duration.ofSeconds(2),
                    devices.trust(), new CommandSources(config.dataDir(), Optional.of(configFile), devices.forSelftest()));
            await("device asked for updates", () -> ledger().device(DEVICE).isPresent());
            return;
        }
        app = TerminalApp.start(config, new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new org.yibao.drivers.indicator.ManualScheduler()),
                        Optional.empty(), Optional.empty(), Optional.empty()), Clock.systemUTC(),
                new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(500), RandomGenerator.getDefault()), Duration.ofSeconds(2), trust);
        await("device asked for updates", () -> ledger().device(DEVICE).isPresent());
    }

    UpdateLedger ledger() {
        return centre.updates();
    }

    /** Signs, numbers and stores an update, then pushes it on the target's topic. */
    UpdateLedger.Stored publish(UpdateTarget target, UpdateKind kind, byte[] content, String command) throws Exception {
        UpdateLedger.Stored stored = ledger().add(target, kind, content, command, signer);
        push(target, stored.envelope());
        return stored;
    }

    UpdateLedger.Stored publishPolicy(UpdateTarget target, String version) throws Exception {
        return publish(target, UpdateKind.POLICY, policy(version), "");
    }

    void push(UpdateTarget target, byte[] envelope) throws Exception {
        String topic = UpdatePublisher.topic(target, ledger().device(DEVICE).orElseThrow());
        try (UpdatePublisher publisher = UpdatePublisher.connect(broker.uri())) {
            publisher.publish(topic, envelope);
        }
    }

    static byte[] policy(String version) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"));
        String changed = text.replace("version: \"2026.03\"", "version: \"" + version + "\"");
        if (changed.equals(text)) throw new IllegalStateException("example policy has no version line to change");
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    String policyInUse() {
        return app.fleet().policies().on(java.time.LocalDate.now(Clock.systemUTC())).version();
    }

    /** The device's result for {@code updateId}, once the centre has it. */
    UpdateResult result(String updateId) {
        UpdateResult[] found = new UpdateResult[1];
        await("result of " + updateId, () -> {
            for (UpdateResult r : ledger().results()) {
                if (r.updateId().equals(updateId)) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    long resultsFor(String updateId) throws Exception {
        return ledger().results().stream().filter(r -> r.updateId().equals(updateId)).count();
    }

    static void await(String what, Eventually.Condition condition) {
        Eventually.await(Duration.ofSeconds(30), condition, () -> what);
    }

    @Override
    public void close() {
        if (app != null) app.close();
        if (devices != null) devices.close();
        centre.close();
        broker.close();
    }
}
