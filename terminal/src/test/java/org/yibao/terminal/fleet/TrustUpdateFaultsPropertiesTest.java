package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.identity.trust.TrustFiles;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;

/**
 * Trust files over the uplink (spec §3 "updated over the uplink"): after a good one is applied,
 * each faulty one (a random fault of {@link TrustFiles.Fault}) and each faulty revocation list is
 * answered REFUSED with its own code and a Chinese reason, and the trust in force stays — the same
 * version, every voucher decided as before (keys, windows, revocations), also after a restart —
 * until a good one replaces it.
 */
class TrustUpdateFaultsPropertiesTest {
    private static final DeviceKey UPDATE_KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");

    @Property(tries = 4)
    void aFaultyTrustFileOrRevocationListIsRefusedAndTheTrustInForceStays(@ForAll("valid") TrustFiles.Spec inForce,
                                                                         @ForAll("faulty") List<TrustFiles.Faulty> faulty,
                                                                         @ForAll("valid") TrustFiles.Spec next) throws Exception {
        Path dir = Files.createTempDirectory("trust-uplink-");
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false; // only pushes: each applied or refused as it arrives
        try (var t = new FleetModelPropertiesTest.Terminal(dir, centre, UPDATE_KEY)) {
            long seq = 1;
            assertEquals("APPLIED", send(t, seq++, UpdateKind.TRUST, inForce.withVersion("in-force").bytes()).status());
            Map<String, String> before = TrustFiles.decisions(inForce, verifier(t));
            for (TrustFiles.Faulty f : faulty) {
                Statistics.label("fault").collect(f.fault());
                FleetStore.Recorded r = send(t, seq++, UpdateKind.TRUST, f.bytes());
                assertEquals("REFUSED " + f.fault().reason.code(), r.status() + " " + r.code(), f.fault() + ": " + r.reason());
                assertTrue(r.reason().startsWith("电子凭证信任文件"), r.reason());
                assertStays(t, inForce, before);
            }
            FleetStore.Recorded list = send(t, seq++, UpdateKind.REVOCATION,
                    "{\"ec_tokens\":[\"a\",7],\"psn_nos\":[]}".getBytes(StandardCharsets.UTF_8));
            assertEquals("REFUSED 1949", list.status() + " " + list.code(), list.reason());
            assertStays(t, inForce, before);
            t.restart();
            assertStays(t, inForce, before);
            assertEquals("APPLIED", send(t, seq, UpdateKind.TRUST, next.withVersion("next").bytes()).status());
            assertEquals("next", t.fleet.trust().get().version());
            assertEquals(TrustFiles.decisions(next, verifier(t)), TrustFiles.decisions(next, verifier(t)));
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static Ybec1Verifier verifier(FleetModelPropertiesTest.Terminal t) {
        return new Ybec1Verifier(t.fleet.trust(), t.replay, Ybec1Verifier.DEFAULT_SKEW);
    }

    private static void assertStays(FleetModelPropertiesTest.Terminal t, TrustFiles.Spec inForce, Map<String, String> before) {
        assertEquals("in-force", t.fleet.trust().get().version(), "the trust file in force");
        assertEquals(before, TrustFiles.decisions(inForce, verifier(t)), "every voucher decided as before");
    }

    private static FleetStore.Recorded send(FleetModelPropertiesTest.Terminal t, long seq, UpdateKind kind, byte[] content) throws Exception {
        Update update = new Update(DEVICE, seq, kind, t.clock.instant(), content, "");
        t.push(UpdateEnvelope.sign(update, UPDATE_KEY.pair().getPrivate(), KeyAlgorithm.EC));
        t.fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(30));
        return t.fleet.store().recorded(update.updateId()).orElseThrow(() -> new AssertionError("not recorded: " + update.updateId()));
    }

    @Provide Arbitrary<TrustFiles.Spec> valid() {
        return TrustFiles.valid();
    }

    @Provide Arbitrary<List<TrustFiles.Faulty>> faulty() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(TrustFiles.valid(), Arbitraries.of(TrustFiles.Fault.class), n, n).as(TrustFiles.Faulty::new)
                .list().ofMinSize(4).ofMaxSize(8);
    }
}
