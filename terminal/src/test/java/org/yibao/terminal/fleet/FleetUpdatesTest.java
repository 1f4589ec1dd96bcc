package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.fleet.FleetRig.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;
import picocli.CommandLine;

/**
 * Fleet updates end to end: a real Mosquitto, the reference centre with its SQLite ledger, and a
 * running terminal with its own terminal.db, as in the field.
 */
class FleetUpdatesTest {
    private static final UpdateTarget DEVICE = UpdateTarget.device(FleetRig.DEVICE);
    private static final UpdateTarget AREA = UpdateTarget.area(FleetRig.ADMDVS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FleetRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new FleetRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void policyUpdateIsAppliedAckedAndStillInUseAfterARestart() throws Exception {
        assertEquals("2026.03", rig.policyInUse());
        UpdateLedger.Stored stored = rig.publishPolicy(DEVICE, "2026.04");

        UpdateResult result = rig.result(stored.updateId());
        assertEquals(UpdateResult.Status.APPLIED, result.status());
        assertEquals("2026.04", result.version());
        assertEquals("T01", result.device());
        assertEquals("2026.04", rig.policyInUse());
        assertEquals("APPLIED", rig.app.fleet().store().recorded("device/T01/1").orElseThrow().status());

        rig.app.close();
        rig.startTerminal();
        assertEquals("2026.04", rig.policyInUse(), "the applied policy outlives a restart");
        rig.push(DEVICE, stored.envelope());
        UpdateLedger.Stored next = rig.publishPolicy(DEVICE, "2026.09");
        rig.result(next.updateId());
        assertEquals(2L, rig.app.fleet().store().count(), "the old update pushed again after the restart is not applied again");
        assertEquals(1L, rig.resultsFor(stored.updateId()));
        assertEquals("2026.09", rig.policyInUse());
    }

    @Test
    void aForgedUpdateChangesNothingIsNotAnsweredAndTheGenuineOneIsApplied() throws Exception {
        DeviceKey stranger = DeviceKey.generate(KeyAlgorithm.EC);
        byte[] forged = UpdateEnvelope.sign(new Update(DEVICE, 1, UpdateKind.POLICY, Instant.now(), FleetRig.policy("6666.66"), ""),
                stranger.pair().getPrivate(), KeyAlgorithm.EC);
        rig.push(DEVICE, forged);

        UpdateLedger.Stored genuine = rig.publishPolicy(DEVICE, "2026.05");
        assertEquals("device/T01/1", genuine.updateId());
        UpdateResult result = rig.result("device/T01/1"); // the agent is FIFO: the forged one was handled before
        assertEquals(UpdateResult.Status.APPLIED, result.status(), "the one answer for device/T01/1 is the genuine one's");
        assertEquals("2026.05", result.version());
        assertEquals(1L, rig.resultsFor("device/T01/1"), "a forged update is not answered: it is not the centre's");
        assertEquals("2026.05", rig.policyInUse());
        assertEquals("APPLIED", rig.app.fleet().store().recorded("device/T01/1").orElseThrow().status());
    }

    @Test
    void malformedPolicyIsRefusedWithItsCodeAndTheStreamMovesOn() throws Exception {
        UpdateLedger.Stored bad = rig.publish(DEVICE, UpdateKind.POLICY, "version: [unclosed".getBytes(StandardCharsets.UTF_8), "");
        UpdateResult refused = rig.result(bad.updateId());
        assertEquals(UpdateResult.Status.REFUSED, refused.status());
        assertTrue(refused.code().matches("12\\d\\d"), refused.code());
        assertEquals("2026.03", rig.policyInUse());

        UpdateLedger.Stored good = rig.publishPolicy(DEVICE, "2026.06");
        assertEquals(UpdateResult.Status.APPLIED, rig.result(good.updateId()).status());
        assertEquals("2026.06", rig.policyInUse());
        assertEquals("REFUSED", rig.app.fleet().store().recorded(bad.updateId()).orElseThrow().status());
    }

    @Test
    void centerUpdatesListsEachResultInItsWireForm() throws Exception {
        UpdateLedger.Stored bad = rig.publish(DEVICE, UpdateKind.POLICY, "version: [unclosed".getBytes(StandardCharsets.UTF_8), "");
        UpdateResult refused = rig.result(bad.updateId());

        StringWriter out = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("center", "updates", "--db", dir.resolve("centre.db").toString()), out.toString());
        JsonNode listed = JSON.readTree(out.toString()).at("/results/0");
        assertEquals(JSON.readTree(refused.toJson()), listed, "as the device sent it (fleet.result): " + out);
        List<String> fields = new java.util.ArrayList<>();
        listed.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("update_id", "device", "kind", "status", "term_errcode", "reason", "version", "at"), fields, out.toString());
        assertEquals(refused.code(), listed.path("term_errcode").asText());
    }

    @Test
    void aPolicyForAnotherPoolingAreaIsRefused1219AndTheOneInUseStays() throws Exception {
        byte[] jinan = new String(FleetRig.policy("2026.07"), StandardCharsets.UTF_8)
                .replace("admdvs: \"371500\"", "admdvs: \"370100\"").getBytes(StandardCharsets.UTF_8);
        UpdateLedger.Stored other = rig.publish(DEVICE, UpdateKind.POLICY, jinan, "");
        UpdateResult refused = rig.result(other.updateId());
        assertEquals(UpdateResult.Status.REFUSED, refused.status());
        assertEquals("1219", refused.code());
        assertEquals("2026.03", rig.policyInUse());

        UpdateLedger.Stored own = rig.publishPolicy(DEVICE, "2026.07");
        assertEquals(UpdateResult.Status.APPLIED, rig.result(own.updateId()).status(), "聊城市's policy at a 聊城 district's pharmacy");
        assertEquals("2026.07", rig.policyInUse());
    }

    @Test
    void theSameUpdateDeliveredThreeTimesIsAppliedOnce() throws Exception {
        UpdateLedger.Stored first = rig.publishPolicy(DEVICE, "2026.07");
        rig.result(first.updateId());
        rig.push(DEVICE, first.envelope());
        rig.push(DEVICE, first.envelope());
        rig.app.fleet().agent().orElseThrow().catchUpNow(Duration.ofSeconds(15));
        UpdateLedger.Stored second = rig.publishPolicy(DEVICE, "2026.08");
        rig.result(second.updateId()); // the agent is FIFO: the duplicates were handled before this

        assertEquals(2L, rig.app.fleet().store().count());
        assertEquals(1L, rig.resultsFor(first.updateId()), "one result for one update");
        assertEquals("2026.08", rig.policyInUse());
    }

    @Test
    void aDeviceOfflineDuringThreeAreaUpdatesCatchesUpInOrder() throws Exception {
        rig.broker.stop();
        await("terminal offline", () -> !rig.app.online());
        List<UpdateLedger.Stored> stored = List.of(
                rig.ledger().add(AREA, UpdateKind.POLICY, FleetRig.policy("2027.01"), "", rig.signer),
                rig.ledger().add(AREA, UpdateKind.POLICY, FleetRig.policy("2027.02"), "", rig.signer),
                rig.ledger().add(AREA, UpdateKind.POLICY, FleetRig.policy("2027.03"), "", rig.signer));
        rig.broker.startAgain();

        await("three area updates applied", () -> rig.app.fleet().store().lastSeq("area/371502") == 3);
        for (int i = 0; i < 3; i++) {
            FleetStore.Recorded r = rig.app.fleet().store().recorded(stored.get(i).updateId()).orElseThrow();
            assertEquals(i + 1L, r.seq());
            assertEquals("2027.0" + (i + 1), r.version());
            assertEquals("APPLIED", r.status());
            assertEquals(UpdateResult.Status.APPLIED, rig.result(stored.get(i).updateId()).status());
        }
        assertEquals("2027.03", rig.policyInUse());

        for (UpdateLedger.Stored s : stored) {
            rig.push(AREA, s.envelope()); // late pushes of the same updates on the area topic
        }
        UpdateLedger.Stored fourth = rig.publishPolicy(AREA, "2027.04");
        rig.result(fourth.updateId());
        assertEquals(4L, rig.app.fleet().store().count());
        assertEquals("2027.04", rig.policyInUse());
    }

    /**
     * Updates on the area's stream and the device's own are one history: a device that was offline
     * while the area's policy and then a policy for this device alone were published ends with the
     * device's, the one published last, as it would have online; not with whichever stream the
     * catch-up answer happens to list last.
     */
    @Test
    void aDeviceOfflineDuringAnAreaAndThenADeviceUpdateEndsWithTheOnePublishedLast() throws Exception {
        rig.broker.stop();
        await("terminal offline", () -> !rig.app.online());
        UpdateLedger.Stored area = rig.ledger().add(AREA, UpdateKind.POLICY, FleetRig.policy("2027.01"), "", rig.signer);
        UpdateLedger.Stored device = rig.ledger().add(DEVICE, UpdateKind.POLICY, FleetRig.policy("2027.02"), "", rig.signer);
        rig.broker.startAgain();

        await("both applied", () -> rig.app.fleet().store().recorded(area.updateId()).isPresent()
                && rig.app.fleet().store().recorded(device.updateId()).isPresent());
        // an apply is recorded (committed) a moment before its policy is put in use, on the agent's one thread
        await("the policy published last in use", () -> "2027.02".equals(rig.policyInUse()));
        assertEquals("2027.01", rig.app.fleet().store().recorded(area.updateId()).orElseThrow().version());
    }

    @Test
    void pushesArrivingOutOfOrderAreAppliedInOrder() throws Exception {
        UpdateLedger.Stored one = rig.ledger().add(DEVICE, UpdateKind.POLICY, FleetRig.policy("2028.01"), "", rig.signer);
        UpdateLedger.Stored two = rig.ledger().add(DEVICE, UpdateKind.POLICY, FleetRig.policy("2028.02"), "", rig.signer);
        rig.push(DEVICE, two.envelope());
        rig.push(DEVICE, one.envelope());

        await("both applied", () -> rig.app.fleet().store().lastSeq("device/T01") == 2);
        assertEquals("2028.01", rig.app.fleet().store().recorded(one.updateId()).orElseThrow().version());
        assertEquals("2028.02", rig.app.fleet().store().recorded(two.updateId()).orElseThrow().version());
        // recorded (committed) a moment before it is put in use, on the agent's one thread
        await("the second policy in use", () -> "2028.02".equals(rig.policyInUse()));
    }

    @Test
    void catalogueUpdateReplacesTheVersionInUseAtomicallyAndABadOneChangesNothing() throws Exception {
        String catalog = Files.readString(FleetRig.EXAMPLES.resolve("catalog.tsv")).replace("\t2026.02", "\t2026.05");
        UpdateLedger.Stored good = rig.publish(AREA, UpdateKind.CATALOG, catalog.getBytes(StandardCharsets.UTF_8), "");
        UpdateResult applied = rig.result(good.updateId());
        assertEquals(UpdateResult.Status.APPLIED, applied.status());
        assertEquals("2026.05", applied.version());

        String broken = catalog + "XBROKEN\t坏行\t101\t01\t09\t2.5\t0\tnull\t0\t2024-01-01\tnull\t2026.09\n";
        UpdateLedger.Stored bad = rig.publish(AREA, UpdateKind.CATALOG, broken.getBytes(StandardCharsets.UTF_8), "");
        UpdateResult refused = rig.result(bad.updateId());
        assertEquals(UpdateResult.Status.REFUSED, refused.status());
        assertTrue(refused.code().startsWith("11"), refused.code());
        String named = bad.updateId().replaceAll("[^A-Za-z0-9._-]", "_") + ".tsv";
        assertTrue(refused.reason().contains(named + " 第 "), "the refusal names the update sent, not a staging file: " + refused.reason());
        try (var staged = Files.list(rig.dir.resolve("terminal").resolve("fleet-staging"))) {
            assertEquals(List.of(), staged.toList(), "nothing left staged");
        }

        String next = catalog + "XNEW000000000000001\t新增药品\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t2026.06\n";
        byte[] delta = CatalogDelta.compute(catalog.getBytes(StandardCharsets.UTF_8), next.getBytes(StandardCharsets.UTF_8));
        JsonNode changes = JSON.readTree(delta);
        assertEquals(0, changes.path("remove").size(), "a delta carries the changes only: " + changes);
        assertEquals(1, changes.path("add").size(), "a delta carries the changes only: " + changes);
        UpdateLedger.Stored deltaUpdate = rig.publish(AREA, UpdateKind.CATALOG_DELTA, delta, "");
        UpdateResult deltaApplied = rig.result(deltaUpdate.updateId());
        assertEquals(UpdateResult.Status.APPLIED, deltaApplied.status(), deltaApplied.reason());
        assertEquals("2026.06", deltaApplied.version());

        UpdateLedger.Stored stale = rig.publish(AREA, UpdateKind.CATALOG_DELTA, delta, "");
        UpdateResult staleRefused = rig.result(stale.updateId());
        assertEquals(UpdateResult.Status.REFUSED, staleRefused.status(), "the same delta no longer fits the catalogue held");
        assertEquals("1950", staleRefused.code());

        byte[] codemap = Files.readAllBytes(FleetRig.EXAMPLES.resolve("codemap.tsv"));
        UpdateLedger.Stored map = rig.publish(DEVICE, UpdateKind.CODEMAP, codemap, "");
        UpdateResult mapped = rig.result(map.updateId());
        assertEquals(UpdateResult.Status.APPLIED, mapped.status(), mapped.reason());
        assertTrue(mapped.version().matches("[0-9a-f]{16}"), mapped.version());
        String nextMap = new String(codemap, StandardCharsets.UTF_8) + "P9001\t复方丹参滴丸（新规格）\t101\tZA12FAA0145010100201\t2026-01-01\tnull\n";
        byte[] mapDelta = CatalogDelta.compute(codemap, nextMap.getBytes(StandardCharsets.UTF_8), CatalogDelta.CODE_MAP);
        UpdateResult remapped = rig.result(rig.publish(DEVICE, UpdateKind.CODEMAP_DELTA, mapDelta, "").updateId());
        assertEquals(UpdateResult.Status.APPLIED, remapped.status(), "a code map changes by its delta too: " + remapped.reason());
        assertTrue(remapped.version().matches("[0-9a-f]{16}") && !remapped.version().equals(mapped.version()), remapped.version());
        UpdateResult mapStale = rig.result(rig.publish(DEVICE, UpdateKind.CODEMAP_DELTA, mapDelta, "").updateId());
        assertEquals(UpdateResult.Status.REFUSED, mapStale.status(), "the same delta no longer fits the code map held");
        assertEquals("1954", mapStale.code());
        assertTrue(mapStale.reason().contains("本机所存的对照表不是该增量的基准版本（本机基准：版本 " + remapped.version() + "，来自 device/T01/"),
                "names the base the device holds: " + mapStale.reason());

        UpdateLedger.Stored status = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "status");
        JsonNode report = report("fleet.status", status.updateId());
        assertEquals("2026.06", report.path("catalog_version").asText(), "the refused files left the catalogue in use");
        assertEquals(remapped.version(), report.path("codemap_version").asText());
        assertEquals(4L, report.at("/update_streams/area~1371502").asLong(), report.toString());
        JsonNode uplink = report.path("uplink");
        assertTrue(uplink.path("connections").asLong() >= 1, "the uplink's figures come with the status: " + report);
        assertTrue(uplink.path("in_flight").isInt() && uplink.path("in_flight").asInt() >= 0, uplink.toString());
        assertTrue(uplink.path("backlog_bytes").isIntegralNumber() && uplink.path("oldest_pending_s").isIntegralNumber(), uplink.toString());
        assertTrue(uplink.path("last_ack_at").asText().matches("|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), uplink.toString());
        assertTrue(uplink.path("last_error").isTextual() && uplink.path("throttled").isIntegralNumber(), uplink.toString());
        assertTrue(uplink.path("centre_answering").asBoolean(false), "the centre answered this command: " + uplink);
        assertEquals("", uplink.path("centre_silent_since").asText("missing"), uplink.toString());
    }

    /** A large catalogue travels zipped; the .tsv inside is the base the centre computes the next delta from. */
    @Test
    void aZippedFullCatalogueIsTheBaseOfTheNextDelta() throws Exception {
        String catalog = Files.readString(FleetRig.EXAMPLES.resolve("catalog.tsv")).replace("\t2026.02", "\t2026.05");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("catalog.tsv"));
            zip.write(catalog.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ch.qos.logback.classic.Logger agentLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FleetAgent.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        agentLog.addAppender(lines);
        UpdateResult full;
        try {
            full = rig.result(rig.publish(AREA, UpdateKind.CATALOG, zipped.toByteArray(), "").updateId());
        } finally {
            agentLog.detachAppender(lines);
        }
        assertEquals(UpdateResult.Status.APPLIED, full.status(), full.reason());
        String applying = "fleet: applying " + full.updateId() + " (catalog, " + zipped.size() + " bytes)";
        assertTrue(lines.list.stream().anyMatch(e -> e.getFormattedMessage().equals(applying)),
                "the update is named before it is applied, so a service that dies applying it leaves it in its log: " + lines.list);

        String next = catalog + "XNEW000000000000001\t新增药品\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t2026.06\n";
        byte[] delta = CatalogDelta.compute(catalog.getBytes(StandardCharsets.UTF_8), next.getBytes(StandardCharsets.UTF_8));
        UpdateResult applied = rig.result(rig.publish(AREA, UpdateKind.CATALOG_DELTA, delta, "").updateId());
        assertEquals(UpdateResult.Status.APPLIED, applied.status(), applied.reason());
        assertEquals("2026.06", applied.version());
    }

    /**
     * A catalogue too large for a device's heap in one message goes in pieces: {@code center
     * publish --pieces} stores them in one transaction and pushes the last only (pushed together,
     * pieces near a device's packet limit ran its heap out): the device, given a piece ahead of its
     * turn, fetches the others by catch-up; each piece is recorded as received, the last puts the
     * whole file in use, and that file is the base of the next delta.
     */
    @Test
    void aCatalogueSentInPiecesWithTheCliIsAppliedWholeAndIsTheBaseOfTheNextDelta() throws Exception {
        StringBuilder text = new StringBuilder(Files.readString(FleetRig.EXAMPLES.resolve("catalog.tsv")).replace("\t2026.02", "\t2026.07"));
        for (int i = 0; i < 2000; i++) {
            text.append(String.join("\t", String.format("XPIECE%015d", i), "分片测试药品", "101", "01", "09", "0", "0", "null", "0",
                    "2024-01-01", "null", "2026.07")).append('\n');
        }
        byte[] file = text.toString().getBytes(StandardCharsets.UTF_8);
        Path tsv = Files.write(dir.resolve("large.tsv"), file);
        List<byte[]> pushed = java.util.Collections.synchronizedList(new ArrayList<>());
        JsonNode printed;
        try (var watcher = new org.yibao.outbox.testing.RawMqtt(rig.broker.uri(), "piece-watcher")) {
            watcher.subscribe(org.yibao.provisioning.update.UpdatePublisher.topic(AREA, null),
                    (topic, message) -> pushed.add(message.getPayload()));
            printed = centerPublish("--area", FleetRig.ADMDVS, "--catalog", tsv.toString(), "--pieces", "65536");
            org.yibao.outbox.testing.Eventually.await(java.time.Duration.ofSeconds(10), () -> !pushed.isEmpty(), () -> "nothing pushed");
            Thread.sleep(500); // a second push, if any, would be in by now: the publisher had its PUBACKs before it printed
        }
        int pieces = (file.length + 65535) / 65536;
        assertTrue(pieces >= 3, "several pieces: " + file.length + " bytes");
        assertEquals(pieces, printed.path("pieces").asInt(), printed.toString());
        assertEquals("catalog-part", printed.path("kind").asText());
        assertTrue(printed.path("published").asBoolean(), printed.toString());
        List<String> ids = new ArrayList<>();
        printed.path("update_ids").forEach(id -> ids.add(id.asText()));
        assertEquals(pieces, ids.size());
        assertEquals(1, pushed.size(), "the last piece alone was pushed, not " + pushed.size());
        byte[] last = rig.ledger().after("area/" + FleetRig.ADMDVS, printed.path("last_seq").asLong() - 1, 1).getFirst().envelope();
        assertArrayEquals(last, pushed.getFirst(), "the one pushed is the last piece");

        UpdateResult whole = rig.result(ids.getLast());
        assertEquals(UpdateResult.Status.APPLIED, whole.status(), whole.reason());
        assertEquals("2026.07", whole.version());
        UpdateResult first = rig.result(ids.getFirst());
        assertEquals("目录分片 1/" + pieces + " 已收到", first.reason());

        String next = text + "XNEW000000000000001\t新增药品\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t2026.08\n";
        byte[] delta = CatalogDelta.compute(file, next.getBytes(StandardCharsets.UTF_8));
        UpdateResult applied = rig.result(rig.publish(AREA, UpdateKind.CATALOG_DELTA, delta, "").updateId());
        assertEquals(UpdateResult.Status.APPLIED, applied.status(), applied.reason());
        assertEquals("2026.08", applied.version());
    }

    @Test
    void aRevocationUpdateMakesARevokedVoucherRefusedAtTheNextScan() throws Exception {
        assertTrue(rig.app.fleet().trust() == rig.trust, "the terminal uses the holder it was given");
        Ybec1Verifier verifier = new Ybec1Verifier(rig.trust, SqliteReplayStore.open(dir.resolve("nonces")),
                Duration.ofSeconds(30));
        Instant now = Instant.ofEpochSecond(VoucherFixtures.NOW);
        assertInstanceOf(VoucherOutcome.Refused.class,
                verifier.decode(VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", VoucherFixtures.payload()), now), "no trust file yet");

        UpdateLedger.Stored trust = rig.publish(AREA, UpdateKind.TRUST,
                VoucherFixtures.standardTrustJson().getBytes(StandardCharsets.UTF_8), "");
        assertEquals(UpdateResult.Status.APPLIED, rig.result(trust.updateId()).status());
        VoucherFixtures.Payload voucher = VoucherFixtures.payload();
        assertInstanceOf(VoucherOutcome.Accepted.class, verifier.decode(VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", voucher), now));

        String list = "{\"version\":\"rev-2\",\"ec_tokens\":[\"" + voucher.ecToken + "\"],\"psn_nos\":[]}";
        UpdateLedger.Stored revocation = rig.publish(AREA, UpdateKind.REVOCATION, list.getBytes(StandardCharsets.UTF_8), "");
        UpdateResult result = rig.result(revocation.updateId());
        assertEquals(UpdateResult.Status.APPLIED, result.status());
        assertEquals("rev-2", result.version());

        VoucherOutcome again = verifier.decode(VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", VoucherFixtures.payload()), now);
        assertInstanceOf(VoucherOutcome.Refused.class, again);
        assertEquals("1520", ((VoucherOutcome.Refused) again).refusal().reason().code());
    }

    /** {@code terminal center publish} on the rig's centre database and broker, signed with the key the device trusts; what it prints. */
    private JsonNode centerPublish(String... what) throws Exception {
        Path key = dir.resolve("update-key.pem");
        Files.writeString(key, Pem.write(rig.root.pair().getPrivate()));
        List<String> args = new ArrayList<>(List.of("center", "publish", "--db", dir.resolve("centre.db").toString(), "--key", key.toString(),
                "--broker", rig.broker.uri()));
        args.addAll(List.of(what));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), out.toString());
        return JSON.readTree(out.toString());
    }

    @Test
    void statusCommandPublishedWithTheCliIsAnswered() throws Exception {
        JsonNode printed = centerPublish("--device", "T01", "--command", "status");
        assertEquals("device/T01/1", printed.path("update_id").asText());
        assertTrue(printed.path("published").asBoolean());
        assertEquals("yb/371502/H00000000001/T01/commands", printed.path("topic").asText());

        JsonNode report = report("fleet.status", "device/T01/1");
        assertEquals("T01", report.path("device").asText());
        assertEquals("2026.03", report.path("policy_version").asText());
        assertEquals("2026.02", report.path("catalog_version").asText());
        assertTrue(report.path("online").asBoolean());
        JsonNode disk = report.path("disk");
        assertEquals(org.yibao.provisioning.selftest.DiskSpaceCheck.DEFAULT_MIN_FREE, disk.path("low_water_bytes").asLong(), report.toString());
        assertTrue(disk.path("free_bytes").asLong() > 0, "the data disk's free space comes with the status: " + report);
        assertTrue(disk.path("low").isBoolean(), disk.toString());
        assertEquals(disk.path("free_bytes").asLong() < disk.path("low_water_bytes").asLong(), disk.path("low").booleanValue(), disk.toString());
        assertEquals(UpdateResult.Status.APPLIED, rig.result("device/T01/1").status());

        UpdateLedger.Stored selftest = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "selftest");
        JsonNode checks = report("fleet.selftest", selftest.updateId()).path("selftest").path("checks");
        assertEquals(7, checks.size(), checks.toString());
        assertEquals("printer", checks.get(2).path("check").asText(), checks.toString());
        assertEquals("SKIP", checks.get(2).path("result").asText(), checks.toString());
        assertEquals("database", checks.get(4).path("check").asText(), checks.toString());
        assertEquals("PASS", checks.get(4).path("result").asText(), checks.toString());

        UpdateLedger.Stored diagnostics = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "diagnostics");
        JsonNode summary = report("fleet.diagnostics", diagnostics.updateId());
        assertEquals("COMPLETE", summary.path("zip_status").asText(), summary.path("zip_status").toString());
        assertTrue(summary.path("zip_entries").toString().contains("backlog.json"), summary.path("zip_entries").toString());
        assertEquals("2026.03", summary.path("policy_version").asText());

        UpdateLedger.Stored unknown = rig.publish(DEVICE, UpdateKind.COMMAND, new byte[0], "reboot");
        UpdateResult refused = rig.result(unknown.updateId());
        assertEquals(UpdateResult.Status.REFUSED, refused.status());
        assertEquals("1946", refused.code());
    }

    private JsonNode report(String type, String updateId) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await(type + " for " + updateId, () -> {
            for (StoredClaim claim : rig.centre.store().all()) {
                if (type.equals(claim.type())) {
                    JsonNode r = JSON.readTree(claim.payload());
                    if (updateId.equals(r.path("update_id").asText())) {
                        found[0] = r;
                        return true;
                    }
                }
            }
            return false;
        });
        return Optional.ofNullable(found[0]).orElseThrow();
    }
}
