package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;

/**
 * A code map's version (recorded on settlements) is named from its file's SHA-256. A device that
 * got a code map by delta rebuilds its lines in another order (a row changed in place moves last),
 * and still names it as the operator's file, as a device sent that file whole does: the version
 * on two devices' settlements is the same and is a file the centre published. The terminal side
 * (SQLite, outbox, agent, importer) is real; the updates are pushed as the broker delivers them.
 */
class CodeMapDeltaVersionTest {
    private static final DeviceKey KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");

    @Test
    void aCodeMapByDeltaIsNamedAsTheFileItWasMadeTo(@TempDir Path dir) throws Exception {
        byte[] first = Files.readAllBytes(FleetRig.EXAMPLES.resolve("codemap.tsv"));
        String changedInPlace = new String(first, StandardCharsets.UTF_8)
                .replace("P0002\t复方丹参滴丸27mg*180", "P0002\t复方丹参滴丸27mg*180（新包装）");
        byte[] second = (changedInPlace + "P0005\t板蓝根颗粒10g*20\t101\tZA01BAB0123010100001\t2024-01-01\tnull\n")
                .getBytes(StandardCharsets.UTF_8);
        String thirdText = new String(second, StandardCharsets.UTF_8).replace("P0004\t维生素C咀嚼片\t101\tXN99ZZZ000A001010100009\t2024-01-01\tnull\n", "");
        byte[] third = thirdText.getBytes(StandardCharsets.UTF_8);

        try (var byDelta = terminal(dir.resolve("a")); var whole = terminal(dir.resolve("b"))) {
            push(byDelta, 1, UpdateKind.CODEMAP, first);
            push(byDelta, 2, UpdateKind.CODEMAP_DELTA, CatalogDelta.compute(first, second, CatalogDelta.CODE_MAP));
            push(whole, 1, UpdateKind.CODEMAP, second);
            assertEquals(sha256(second).substring(0, 16), version(whole));
            assertEquals(version(whole), version(byDelta), "the row changed in place moved last on the device by delta");

            push(byDelta, 3, UpdateKind.CODEMAP_DELTA, CatalogDelta.compute(second, third, CatalogDelta.CODE_MAP));
            push(whole, 2, UpdateKind.CODEMAP, third);
            assertEquals(sha256(third).substring(0, 16), version(byDelta), "a chained delta (its base matched by lines)");
            assertEquals(version(whole), version(byDelta));
            assertEquals("APPLIED", byDelta.fleet.store().recorded("device/T01/3").orElseThrow().status());
            assertEquals(version(byDelta), byDelta.fleet.store().recorded("device/T01/3").orElseThrow().version(),
                    "the result the centre gets names it so too");
            assertEquals(List.of("P0001", "P0002", "P0003", "P0005"), codes(byDelta));
        }
    }

    private static String sha256(byte[] file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
    }

    private static String version(FleetModelPropertiesTest.Terminal t) throws Exception {
        return t.catalogs.currentCodeMap().orElseThrow().version();
    }

    private static List<String> codes(FleetModelPropertiesTest.Terminal t) throws Exception {
        return t.db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT local_code FROM codemap_item ORDER BY local_code")) {
                while (r.next()) out.add(r.getString(1));
            }
            return out;
        });
    }

    private static FleetModelPropertiesTest.Terminal terminal(Path dir) throws Exception {
        Files.createDirectories(dir);
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false; // only pushes: each handled as it arrives
        return new FleetModelPropertiesTest.Terminal(dir, centre, KEY);
    }

    private static void push(FleetModelPropertiesTest.Terminal t, long seq, UpdateKind kind, byte[] content) throws Exception {
        Update update = new Update(DEVICE, seq, kind, t.clock.instant(), content, "");
        t.push(UpdateEnvelope.sign(update, KEY.pair().getPrivate(), KeyAlgorithm.EC));
        t.settle();
    }
}
