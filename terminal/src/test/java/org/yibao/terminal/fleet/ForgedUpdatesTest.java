package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Updates that are not from the centre (unsigned, signed by a stranger, not even an envelope's
 * shape) pushed on the device's commands topic by the thousand must not fill the outbox's control
 * lane, nor the log with stack traces; and a genuine update is applied even when the control lane
 * is full, its result queued once there is room. The terminal side (SQLite file, outbox, fleet
 * agent) is real; the centre is a stand-in that answers every catch-up with nothing.
 */
class ForgedUpdatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");
    private static final MessageClass CONTROL = new MessageClass("FLEET", Lane.CONTROL, false);
    /** Only to make a well-formed payload; its signature is thrown away. */
    private static final DeviceKey NOBODY = DeviceKey.generate(KeyAlgorithm.EC);

    @TempDir Path dir;
    final DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
    final DeviceKey stranger = DeviceKey.generate(KeyAlgorithm.EC);
    SqliteDatabase db;
    Outbox outbox;
    FleetService fleet;
    ListAppender<ILoggingEvent> log;
    Logger fleetLogger;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("trust"));
        Files.writeString(dir.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        fleetLogger = (Logger) LoggerFactory.getLogger("org.yibao.terminal.fleet");
        log = new ListAppender<>();
        log.start();
        fleetLogger.addAppender(log);
    }

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        fleetLogger.detachAppender(log);
        db.close();
    }

    @Test
    void thousandsOfForgedUpdatesQueueNothingAndAGenuineOneIsAppliedAfterThem() throws Exception {
        open(OutboxPolicy.defaults());
        for (int i = 1; i <= 3_000; i++) {
            fleet.inbox().accept(switch (i % 3) {
                case 0 -> unsigned(new Update(DEVICE, i, UpdateKind.POLICY, Instant.now(), FleetRig.policy("6666.66"), ""));
                case 1 -> UpdateEnvelope.sign(new Update(DEVICE, i, UpdateKind.COMMAND, Instant.now(), new byte[0], "status"),
                        stranger.pair().getPrivate(), KeyAlgorithm.EC);
                default -> ("{\"format\":\"yibao-update/1\",\"payload\":\"@@" + i + "\",\"signature\":\"x\"}")
                        .getBytes(StandardCharsets.UTF_8);
            });
        }
        fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(60)); // the agent is FIFO: every push was handled before

        assertEquals(0, outbox.stats(Lane.CONTROL).count(), "nothing from outside the centre is answered");
        assertEquals(0L, fleet.store().lastSeq("device/T01"));
        assertEquals("2026.03", policyInUse());

        fleet.inbox().accept(signed(new Update(DEVICE, 1, UpdateKind.POLICY, Instant.now(), FleetRig.policy("2026.04"), "")));
        fleet.inbox().accept(signed(new Update(DEVICE, 2, UpdateKind.COMMAND, Instant.now(), new byte[0], "status")));
        // the policy is put in use just after its update is recorded: wait for both
        Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("device/T01") == 2 && "2026.04".equals(policyInUse()),
                () -> "genuine updates not applied");

        assertEquals("2026.04", policyInUse());
        assertEquals("APPLIED", fleet.store().recorded("device/T01/1").orElseThrow().status());
        List<StoredMessage> queued = control();
        assertEquals(List.of(UpdateResult.TYPE, "fleet.status", UpdateResult.TYPE), queued.stream().map(StoredMessage::type).toList());
        JsonNode status = JSON.readTree(queued.get(1).payload());
        assertEquals(3_000, status.path("unverified_updates_refused").asLong(), status.toString());

        for (ILoggingEvent event : log.list) {
            assertNull(event.getThrowableProxy(), "no stack trace: " + event.getFormattedMessage());
        }
        long warnings = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
        assertTrue(warnings <= 3, "one line, then at most one a minute: " + warnings);
    }

    /**
     * docs/provisioning.md#acknowledged: "One without a trusted signature (not an envelope 1941,
     * unsigned, a bad signature or an unknown key 1940) is not the centre's and is not answered
     * ... It is counted (unverified_updates_refused in the status report ...) and logged". Found
     * black-box (bbfleet): pushes that are not JSON, another format, or a cut-off envelope were
     * neither answered nor counted (the status report stayed at 0).
     */
    @Test
    void pushesThatAreNotEvenAnEnvelopeAreCountedAsUnverified() throws Exception {
        open(OutboxPolicy.defaults());
        String cut = new String(signed(new Update(DEVICE, 1, UpdateKind.POLICY, Instant.now(), FleetRig.policy("6666.66"), "")),
                StandardCharsets.UTF_8).substring(0, 60);
        for (String push : List.of("not json at all", "{\"format\":\"other/1\"}", cut)) {
            fleet.inbox().accept(push.getBytes(StandardCharsets.UTF_8));
        }
        fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(60)); // FIFO: the pushes were handled before
        fleet.inbox().accept(signed(new Update(DEVICE, 1, UpdateKind.COMMAND, Instant.now(), new byte[0], "status")));
        Eventually.await(Duration.ofSeconds(20), () -> control().size() == 2, () -> "status report not queued");

        assertEquals(1L, fleet.store().lastSeq("device/T01"), "only the genuine command moved the stream");
        List<StoredMessage> queued = control();
        assertEquals(List.of("fleet.status", UpdateResult.TYPE), queued.stream().map(StoredMessage::type).toList(),
                "nothing answered for the pushes from outside the centre");
        JsonNode status = JSON.readTree(queued.getFirst().payload());
        assertEquals(3, status.path("unverified_updates_refused").asLong(), status.toString());
    }

    @Test
    void aGenuineUpdateIsAppliedWhileTheControlLaneIsFullAndAnsweredOnceThereIsRoom() throws Exception {
        OutboxPolicy threeControl = new OutboxPolicy(5_000, 50L << 20, Duration.ofHours(72), 20_000, 200L << 20, 3,
                256 << 10, 20, Duration.ofDays(30));
        open(threeControl);
        List<String> filler = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            filler.add(((org.yibao.outbox.AppendResult.Appended) outbox.append(
                    new NewMessage("fleet.status", CONTROL, null, "{}".getBytes(StandardCharsets.UTF_8)))).id());
        }

        fleet.inbox().accept(signed(new Update(DEVICE, 1, UpdateKind.POLICY, Instant.now(), FleetRig.policy("2026.04"), "")));
        fleet.inbox().accept(signed(new Update(DEVICE, 2, UpdateKind.COMMAND, Instant.now(), new byte[0], "status")));
        fleet.inbox().accept(signed(new Update(DEVICE, 3, UpdateKind.POLICY, Instant.now(), FleetRig.policy("2026.05"), "")));
        Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("device/T01") == 3 && "2026.05".equals(policyInUse()),
                () -> "not applied while the lane is full");

        assertEquals("2026.05", policyInUse(), "applied, though its result could not be queued yet");
        assertEquals("APPLIED", fleet.store().recorded("device/T01/2").orElseThrow().status());
        assertEquals(3, outbox.stats(Lane.CONTROL).count(), "the lane is full: the results wait in terminal.db");

        outbox.apply(answered(filler));
        Eventually.await(Duration.ofSeconds(20), () -> outbox.stats(Lane.CONTROL).count() == 3, () -> "results not queued once there was room");
        List<StoredMessage> queued = control();
        assertEquals(List.of(UpdateResult.TYPE, "fleet.status", UpdateResult.TYPE), queued.stream().map(StoredMessage::type).toList(),
                "in order, as many as there is room for");
        assertEquals("device/T01/1", JSON.readTree(queued.get(0).payload()).path("update_id").asText());
        assertEquals("device/T01/2", JSON.readTree(queued.get(2).payload()).path("update_id").asText());

        outbox.apply(answered(queued.stream().map(StoredMessage::id).toList()));
        Eventually.await(Duration.ofSeconds(20), () -> control().size() == 1, () -> "the last result not queued");
        JsonNode last = JSON.readTree(control().getFirst().payload());
        assertEquals("device/T01/3", last.path("update_id").asText());
        assertEquals("APPLIED", last.path("status").asText());
        for (ILoggingEvent event : log.list) {
            assertNull(event.getThrowableProxy(), "no stack trace: " + event.getFormattedMessage());
        }
    }

    private void open(OutboxPolicy policy) throws Exception {
        outbox = Outbox.open(db, "T01", policy, Clock.systemUTC());
        fleet = FleetService.open(FleetParts.of(db, dir, PolicyLoader.load(FleetRig.EXAMPLES.resolve("policy.yaml")), Optional.empty(), outbox,
                new FleetService.Identity("T01", "371502", "H00000000001"), Clock.systemUTC()));
        fleet.connect(StandInCentre.withNothing(), Duration.ofMillis(20), Duration.ofHours(1));
    }

    private String policyInUse() {
        return fleet.policies().on(LocalDate.now(Clock.systemUTC())).version();
    }

    private List<StoredMessage> control() throws Exception {
        return outbox.nextBatch(Lane.CONTROL, 100, Set.of());
    }

    private byte[] signed(Update update) {
        return UpdateEnvelope.sign(update, root.pair().getPrivate(), KeyAlgorithm.EC);
    }

    /** A well-formed envelope of {@code update} whose signature is empty. */
    private static byte[] unsigned(Update update) throws Exception {
        JsonNode signedByNobody = JSON.readTree(UpdateEnvelope.sign(update, NOBODY.pair().getPrivate(), KeyAlgorithm.EC));
        return JSON.createObjectNode().put("format", UpdateEnvelope.FORMAT).put("payload", signedByNobody.path("payload").asText())
                .put("signature", Base64.getUrlEncoder().encodeToString(new byte[0])).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The centre's acceptance of each of {@code ids}, after its publish (an answer counts only for a message that was sent). */
    private static List<Outcome> answered(List<String> ids) {
        return ids.stream().<Outcome>mapMulti((id, out) -> {
            out.accept(new Outcome.Published(id));
            out.accept(new Outcome.Accepted(id));
        }).toList();
    }
}
