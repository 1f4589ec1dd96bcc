package org.yibao.terminal.fleet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.terminal.policy.PolicyLoader;

/** Terminal T01 of 371502's fleet service on a real SQLite file and outbox in a folder, for tests that drive it with a {@link StandInCentre}. */
final class StandAloneFleet {
    private StandAloneFleet() {
    }

    /** A new provisioning root whose public key the device in {@code dataDir} trusts. */
    static DeviceKey trustedRoot(Path dataDir) throws IOException {
        DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
        Files.createDirectories(dataDir.resolve(FleetService.ROOT_FILE).getParent());
        Files.writeString(dataDir.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        return root;
    }

    /** The fleet service of T01 on {@code db}, its data folder {@code dataDir}. */
    static FleetService open(SqliteDatabase db, Path dataDir) throws SQLException {
        Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        return FleetService.open(FleetParts.of(db, dataDir, PolicyLoader.load(FleetRig.EXAMPLES.resolve("policy.yaml")), Optional.empty(), outbox,
                new FleetService.Identity("T01", "371502", "H00000000001"), Clock.systemUTC()));
    }

    /** The lines {@code source} logs from now on (detach with {@link #release}). */
    static ListAppender<ILoggingEvent> capture(Class<?> source) {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ((Logger) LoggerFactory.getLogger(source)).addAppender(lines);
        return lines;
    }

    static void release(Class<?> source, ListAppender<ILoggingEvent> lines) {
        ((Logger) LoggerFactory.getLogger(source)).detachAppender(lines);
    }
}
