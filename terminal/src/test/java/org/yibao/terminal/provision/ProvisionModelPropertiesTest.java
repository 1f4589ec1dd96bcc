package org.yibao.terminal.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.CertificateRenewal;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.provisioning.rotation.RenewalOutcome;

/**
 * Random technician sessions on a real data folder, through the commands the technician runs
 * ({@code provision root}, {@code apply}, {@code rollback}, {@code status}, in process) and the
 * service's certificate renewal ({@link CertificateRenewal}, as {@code terminal run} calls it),
 * with applies interrupted between writing the snapshot and switching {@code current} (a folder
 * where the switch's temporary link goes makes the switch fail; then the link a power cut at that
 * point leaves is put there), renewals cut short the same way, staging folders a crash left,
 * snapshots and the installed root damaged by a disk fault, and at the end, in half the sessions,
 * {@code factory-reset --yes}. After every step the folder is compared with a plain model: the
 * snapshots kept (each byte for byte as written), the one in force, the installed root, the device
 * key, what {@code status} reports, the refusal code of each bad step, and that a refused step
 * changed no file. Mutations of the model (keeping eleven, "already applied" judged against the
 * newest snapshot instead of the one in force, expiry checked before the device id, a damaged
 * snapshot taken as whole) each make it fail.
 */
class ProvisionModelPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 10;
    private static final DeviceKey WRONG_ROOT = DeviceKey.generate(KeyAlgorithm.EC);
    private static final Duration THRESHOLD = Duration.ofDays(30);

    /** RIGHT, WRONG, GARBAGE: {@code provision root} with that file; DAMAGED: a disk fault cuts the installed root file short. */
    enum RootKind { RIGHT, WRONG, GARBAGE, DAMAGED }

    enum BundleKind { VALID, WRONG_SIGNER, OTHER_FINGERPRINT, EXPIRED, CONFIG_ERROR, TRUNCATED, MISSING_FILE }

    enum Target { PREVIOUS, CURRENT, OLDEST_KEPT, DAMAGED, PRUNED, BEYOND, ZERO }

    enum RotateKind { OK, TOO_SHORT, CENTRE_DOWN }

    sealed interface Step permits Root, Apply, Rollback, Rotate, Status, CrashedApply, CrashedRotation, AdminNotCreated, StagingLeftover, Damage {
    }

    /** {@code provision root FILE [--force]}. */
    record Root(RootKind kind, boolean force) implements Step {
    }

    /** {@code provision apply BUNDLE}; variants 0-2 are for device T01, 3 for T02. */
    record Apply(BundleKind kind, int variant) implements Step {
    }

    /** {@code provision rollback N}. */
    record Rollback(Target target) implements Step {
    }

    /** The service renews its client certificate now. */
    record Rotate(RotateKind kind) implements Step {
    }

    /** {@code provision status --json}. */
    record Status() implements Step {
    }

    /** A valid apply cut short after the snapshot is in place, before {@code current} is switched. */
    record CrashedApply(int variant) implements Step {
    }

    /**
     * A first apply whose snapshot is in force but whose first admin could not be created (the
     * operator database cannot be opened: 1932, exit 1); the same bundle again must create it.
     */
    record AdminNotCreated(int variant) implements Step {
    }

    /** A renewal cut short the same way. */
    record CrashedRotation() implements Step {
    }

    /**
     * A disk fault or a hand damaged a snapshot that is not in force: one of its files
     * ({@code file}, an index into its sorted file names) is removed or cut to half its length.
     */
    record Damage(int snapshot, int file, boolean remove) implements Step {
    }

    /** A crash while a snapshot was being staged left {@code snapshots/.staging-N} half written. */
    record StagingLeftover() implements Step {
    }

    /** What a snapshot holds, as the model knows it. */
    record Snap(int payload, String deviceId, String broker, String policy, Instant certNotAfter, Map<String, byte[]> files,
            boolean damaged) {
        Snap(int payload, String deviceId, String broker, String policy, Instant certNotAfter, Map<String, byte[]> files) {
            this(payload, deviceId, broker, policy, certNotAfter, files, false);
        }
    }

    @Provide Arbitrary<List<Step>> sessions() {
        Arbitrary<Step> root = Arbitraries.frequency(net.jqwik.api.Tuple.of(4, RootKind.RIGHT), net.jqwik.api.Tuple.of(2, RootKind.WRONG),
                net.jqwik.api.Tuple.of(2, RootKind.GARBAGE), net.jqwik.api.Tuple.of(1, RootKind.DAMAGED))
                .flatMap(k -> Arbitraries.of(true, false).map(f -> new Root(k, f)));
        Arbitrary<Step> apply = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(BundleKind.VALID)),
                net.jqwik.api.Tuple.of(6, Arbitraries.of(BundleKind.class)))
                .flatMap(k -> Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 2)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(3))).map(v -> new Apply(k, v)));
        Arbitrary<Step> rollback = Arbitraries.of(Target.class).map(Rollback::new);
        Arbitrary<Step> rotate = Arbitraries.of(RotateKind.class).map(Rotate::new);
        Arbitrary<Step> crash = Arbitraries.oneOf(Arbitraries.integers().between(0, 2).map(CrashedApply::new),
                Arbitraries.just(new CrashedRotation()), Arbitraries.integers().between(0, 2).map(AdminNotCreated::new));
        Arbitrary<Step> damage = Arbitraries.integers().between(0, 9).flatMap(n -> Arbitraries.integers().between(0, 5)
                .flatMap(f -> Arbitraries.of(true, false).map(remove -> new Damage(n, f, remove))));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, root),
                net.jqwik.api.Tuple.of(12, apply),
                net.jqwik.api.Tuple.of(5, rollback),
                net.jqwik.api.Tuple.of(2, rotate),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Status())),
                net.jqwik.api.Tuple.of(2, crash),
                net.jqwik.api.Tuple.of(3, damage),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new StagingLeftover())));
        // Most sessions start by installing the right root, so most steps reach the snapshots, and
        // many with a history of up to ten applies, so the steps also meet the ten-snapshot limit.
        Arbitrary<List<Step>> history = Arbitraries.integers().between(3, 12).map(k -> {
            List<Step> h = new ArrayList<>();
            for (int i = 0; i < k; i++) h.add(new Apply(BundleKind.VALID, i % 2));
            return h;
        });
        return Combinators.combine(Arbitraries.of(true, true, true, false), history, step.list().ofMinSize(12).ofMaxSize(30))
                .as((rootFirst, h, steps) -> {
                    List<Step> out = new ArrayList<>();
                    if (rootFirst) {
                        out.add(new Root(RootKind.RIGHT, false));
                        out.addAll(h);
                    }
                    out.addAll(steps);
                    return out;
                });
    }

    @Property(tries = 16, edgeCases = EdgeCasesMode.NONE)
    void theFolderAlwaysMatchesTheModel(@ForAll("sessions") List<Step> session, @ForAll boolean resetAtEnd) throws Exception {
        inFreshFolder(tmp -> {
            Session s = new Session(tmp);
            s.run(session);
            if (resetAtEnd) s.factoryReset(String.join("\n  ", s.log) + "\n  factory-reset --yes");
            Statistics.label("pruned").collect(!s.pruned.isEmpty());
            Statistics.label("damaged snapshot refused").collect(s.damagedRefused);
            Statistics.label("interrupted apply").collect(s.crashed);
        });
    }

    /**
     * A renewed snapshot's uplink key is its own {@code client.key} ({@code current/client.key}
     * in its configuration): a rollback to one whose key is missing, unreadable or not the key of
     * its {@code client.pem} would leave the service unable to connect, and is refused like any
     * other damage.
     */
    @Example
    void aRenewedSnapshotWithoutItsOwnKeyIsNotRolledBackTo() throws Exception {
        inFreshFolder(tmp -> {
            new Session(tmp).run(List.of(new Root(RootKind.RIGHT, false), new Apply(BundleKind.VALID, 0), new Rotate(RotateKind.OK),
                    new Apply(BundleKind.VALID, 1), new Damage(1, 2, true), new Rollback(Target.PREVIOUS)));
            Path other = Files.createTempDirectory(tmp, "other");
            deleteTree(other);
            Session session = new Session(other);
            session.run(List.of(new Root(RootKind.RIGHT, false), new Apply(BundleKind.VALID, 0), new Rotate(RotateKind.OK),
                    new Rotate(RotateKind.OK), new Apply(BundleKind.VALID, 1)));
            // snapshot 3's key replaced by snapshot 2's (a copy by hand): readable, but not the key of its certificate
            Files.copy(session.folder(2).resolve("client.key"), session.folder(3).resolve("client.key"), StandardCopyOption.REPLACE_EXISTING);
            Snap was = session.kept.get(3);
            session.kept.put(3, new Snap(was.payload(), was.deviceId(), was.broker(), was.policy(), was.certNotAfter(),
                    files(session.folder(3)), true));
            session.run(List.of(new Rollback(Target.PREVIOUS)));
            ProvisionRig.Run run = ProvisionRig.cli("provision", "rollback", "--data-dir", session.data.toString(), "3");
            assertTrue(run.out().contains("client.key："), run.out());
        });
    }

    /**
     * A disk fault that cuts the installed root short: {@code provision apply} refuses with 1913 and
     * a Chinese message saying what to do (it threw a PEM parser's exception), and {@code provision
     * root --force} puts it right.
     */
    @Example
    void aDamagedRootIsRefusedUntilItIsInstalledAgain() throws Exception {
        inFreshFolder(tmp -> new Session(tmp).run(List.of(new Root(RootKind.RIGHT, false), new Apply(BundleKind.VALID, 0),
                new Root(RootKind.DAMAGED, false), new Apply(BundleKind.VALID, 1), new Root(RootKind.RIGHT, false),
                new Root(RootKind.RIGHT, true), new Apply(BundleKind.VALID, 1))));
    }

    /** An apply cut short before its first admin: the same bundle again is already applied and creates the admin. */
    @Example
    void theSameBundleAgainCreatesTheAdminAnApplyCutShortDidNot() throws Exception {
        inFreshFolder(tmp -> new Session(tmp).run(List.of(new Root(RootKind.RIGHT, false), new AdminNotCreated(0), new Status(),
                new Apply(BundleKind.VALID, 0), new Apply(BundleKind.VALID, 0))));
    }

    /** What a try or an example does in its own temporary folder. */
    @FunctionalInterface
    private interface InFolder {
        void run(Path folder) throws Exception;
    }

    /** Runs {@code work} in a fresh temporary folder (jqwik has no {@code @TempDir}), deleted afterwards. */
    private static void inFreshFolder(InFolder work) throws Exception {
        Path tmp = Files.createTempDirectory("provision-model");
        try {
            work.run(tmp);
        } finally {
            deleteTree(tmp);
        }
    }

    /** One technician session: the rig, the bundles, the model, and the checks. */
    private static final class Session {
        final Path tmp;
        final ProvisionRig rig;
        final Path data;
        final byte[] deviceKey;
        final Path rightRootPem;
        final Path wrongRootPem;
        final Path garbageRootPem;
        final ObjectNode[] payloads = new ObjectNode[4];
        final byte[][] signed = new byte[4][];
        // the model
        RootKind root = null;
        final TreeMap<Integer, Snap> kept = new TreeMap<>();
        final List<Integer> pruned = new ArrayList<>();
        Integer current = null;
        boolean adminCreated = false;
        final List<String> log = new ArrayList<>();
        boolean damagedRefused = false;
        boolean crashed = false;

        Session(Path tmp) throws IOException {
            this.tmp = tmp;
            this.rig = new ProvisionRig(Files.createDirectories(tmp.resolve("data")));
            this.data = rig.data;
            Files.delete(data.resolve(BundleApplier.ROOT_FILE)); // a new box: no root yet
            this.deviceKey = Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE));
            Path incoming = Files.createDirectories(tmp.resolve("incoming"));
            rightRootPem = Files.writeString(incoming.resolve("root.pem"), Pem.write(rig.root.pair().getPublic()));
            wrongRootPem = Files.writeString(incoming.resolve("other-root.pem"), Pem.write(WRONG_ROOT.pair().getPublic()));
            garbageRootPem = Files.writeString(incoming.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nnot a key\n");
            for (int v = 0; v < 4; v++) {
                payloads[v] = variant(v);
                signed[v] = sign(payloads[v], rig.root);
            }
        }

        ObjectNode variant(int v) {
            ObjectNode p = rig.payload(v == 3 ? "T02" : "T01", null);
            p.putArray("brokers").add("ssl://b" + v + ".example:8883");
            ((ObjectNode) p.get("versions")).put("policy", "371500-2026." + v);
            p.put("issued_at", issuedAt(v).toString());
            return p;
        }

        /** Variant 2 is the newest bundle; the others were issued together an hour before it. */
        Instant issuedAt(int v) {
            return rig.now.minus(Duration.ofHours(v == 2 ? 1 : 2));
        }

        static byte[] sign(ObjectNode payload, DeviceKey by) {
            return org.yibao.provisioning.bundle.BundleJson.sign(payload.toString().getBytes(StandardCharsets.UTF_8),
                    by.pair().getPrivate(), by.algorithm());
        }

        void run(List<Step> session) throws Exception {
            for (Step step : session) {
                log.add(step.toString());
                String where = String.join("\n  ", log);
                switch (step) {
                    case Root r -> root(r, where);
                    case Apply a -> apply(a, where);
                    case Rollback r -> rollback(r, where);
                    case Rotate r -> rotate(r, where);
                    case Status s -> status(where);
                    case CrashedApply c -> crashedApply(c, where);
                    case CrashedRotation c -> crashedRotation(where);
                    case AdminNotCreated c -> adminNotCreated(c, where);
                    case Damage d -> damage(d);
                    case StagingLeftover s -> stagingLeftover();
                }
                invariants(where);
            }
            status(String.join("\n  ", log) + "\n  (final status)");
        }

        // ---- steps ----

        void root(Root r, String where) throws IOException {
            if (r.kind() == RootKind.DAMAGED) {
                Path installed = data.resolve(BundleApplier.ROOT_FILE);
                if (root == null) return;
                byte[] bytes = Files.readAllBytes(installed);
                Files.write(installed, Arrays.copyOf(bytes, bytes.length / 2));
                root = RootKind.DAMAGED;
                return;
            }
            Path file = switch (r.kind()) {
                case RIGHT -> rightRootPem;
                case WRONG -> wrongRootPem;
                default -> garbageRootPem;
            };
            List<String> args = new ArrayList<>(List.of("provision", "root", "--data-dir", data.toString()));
            if (r.force()) args.add("--force");
            args.add(file.toString());
            Map<String, byte[]> before = tree();
            ProvisionRig.Run run = ProvisionRig.cli(args.toArray(String[]::new));
            if (r.kind() == RootKind.GARBAGE) {
                refused(run, "1913", before, where);
            } else if (root != null && root != r.kind() && !r.force()) {
                refused(run, "1914", before, where);
                if (root == RootKind.DAMAGED) assertTrue(run.out().contains("已安装的文件已损坏"), where + "\n" + run.out());
            } else {
                assertEquals(0, run.exit(), where + "\n" + run);
                if (root == r.kind()) assertSameFiles(before, tree(), where + ": the same root again changes nothing");
                root = r.kind();
            }
        }

        /** The refusal the model expects for {@code a}, or null when it is applied (or already is). */
        String expectedRefusal(BundleKind kind, int variant) {
            if (kind == BundleKind.MISSING_FILE) return "1920";
            if (root == null) return "1912";
            if (root == RootKind.DAMAGED) return "1913";
            if (kind == BundleKind.TRUNCATED) return "1920";
            RootKind signer = kind == BundleKind.WRONG_SIGNER ? RootKind.WRONG : RootKind.RIGHT;
            if (signer != root) return "1921";
            if (kind == BundleKind.OTHER_FINGERPRINT) return "1922";
            if (current != null && !kept.get(current).deviceId().equals(deviceIdOf(variant))) return "1922";
            if (kind == BundleKind.EXPIRED) return "1923";
            if (current != null && issuedAt(kept.get(current).payload()).isAfter(issuedAt(variant))) return "1928";
            if (kind == BundleKind.CONFIG_ERROR) return "1903";
            return null;
        }

        static String deviceIdOf(int variant) {
            return variant == 3 ? "T02" : "T01";
        }

        Path bundleFile(BundleKind kind, int v) throws IOException {
            Path file = tmp.resolve("incoming").resolve("bundle-" + kind + "-" + v + ".json");
            byte[] bytes = switch (kind) {
                case VALID -> signed[v];
                case WRONG_SIGNER -> sign(payloads[v], WRONG_ROOT);
                case OTHER_FINGERPRINT -> sign(payloads[v].deepCopy().put("device_fingerprint", "0f".repeat(32)), rig.root);
                case EXPIRED -> sign(payloads[v].deepCopy().put("not_after", Instant.now().minusSeconds(60).toString()), rig.root);
                case CONFIG_ERROR -> {
                    ObjectNode p = payloads[v].deepCopy();
                    ((ObjectNode) p.get("institution")).put("admdvs", "37");
                    yield sign(p, rig.root);
                }
                case TRUNCATED -> Arrays.copyOf(signed[v], signed[v].length * 2 / 3);
                case MISSING_FILE -> null;
            };
            Files.deleteIfExists(file);
            return bytes == null ? file : Files.write(file, bytes);
        }

        void apply(Apply a, String where) throws IOException {
            Path file = bundleFile(a.kind(), a.variant());
            Map<String, byte[]> before = tree();
            ProvisionRig.Run run = rig.apply(file);
            String refusal = expectedRefusal(a.kind(), a.variant());
            if (refusal != null) {
                refused(run, refusal, before, where);
                return;
            }
            assertEquals(0, run.exit(), where + "\n" + run);
            JsonNode answer = JSON.readTree(run.out());
            if (current != null && kept.get(current).payload() == a.variant()) {
                assertEquals("already_applied", answer.path("result").asText(), where + "\n" + run.out());
                assertEquals((int) current, answer.path("snapshot").asInt(), where);
                assertSameFiles(before, tree(), where + ": the same bundle again changes nothing");
            } else {
                assertEquals("applied", answer.path("result").asText(), where + "\n" + run.out());
                int n = committed(bundleSnap(a.variant()), where);
                assertEquals(n, answer.path("snapshot").asInt(), where + "\n" + run.out());
                assertArrayEquals(Files.readAllBytes(file), kept.get(n).files().get("bundle.json"), where + ": the bundle kept as applied");
            }
            assertEquals(deviceIdOf(a.variant()), answer.path("device_id").asText(), where);
            assertEquals(adminCreated ? "already_present" : "created", answer.path("first_admin").path("result").asText(), where + "\n" + run.out());
            adminCreated = true;
        }

        Snap bundleSnap(int v) throws IOException {
            Instant certNotAfter = Pem.certificate(payloads[v].get("client_cert_pem").asText()).getNotAfter().toInstant();
            return new Snap(v, deviceIdOf(v), "ssl://b" + v + ".example:8883", "371500-2026." + v, certNotAfter, Map.of());
        }

        /** The model's side of a commit: snapshot max+1 in force, the oldest beyond ten pruned; answers its number. */
        int committed(Snap snap, String where) throws IOException {
            int n = kept.isEmpty() ? 1 : kept.lastKey() + 1;
            kept.put(n, new Snap(snap.payload(), snap.deviceId(), snap.broker(), snap.policy(), snap.certNotAfter(), files(folder(n))));
            current = n;
            prune();
            assertStagingGone(where);
            return n;
        }

        void prune() {
            List<Integer> all = new ArrayList<>(kept.keySet());
            for (int i = 0; i < all.size() - KEEP; i++) {
                if (all.get(i).equals(current)) continue;
                kept.remove(all.get(i));
                pruned.add(all.get(i));
            }
        }

        void rollback(Rollback r, String where) throws IOException {
            int target = switch (r.target()) {
                case PREVIOUS -> current == null ? 1 : current - 1;
                case CURRENT -> current == null ? 1 : current;
                case OLDEST_KEPT -> kept.isEmpty() ? 1 : kept.firstKey();
                case DAMAGED -> kept.entrySet().stream().filter(e -> e.getValue().damaged()).map(Map.Entry::getKey).findFirst()
                        .orElse(kept.isEmpty() ? 1 : kept.firstKey());
                case PRUNED -> pruned.isEmpty() ? (kept.isEmpty() ? 2 : kept.lastKey() + 2) : pruned.getLast();
                case BEYOND -> kept.isEmpty() ? 1 : kept.lastKey() + 1;
                case ZERO -> 0;
            };
            Map<String, byte[]> before = tree();
            ProvisionRig.Run run = ProvisionRig.cli("provision", "rollback", "--data-dir", data.toString(), Integer.toString(target));
            if (!kept.containsKey(target)) {
                refused(run, "1930", before, where);
                return;
            }
            if (kept.get(target).damaged()) {
                damagedRefused = true;
                refused(run, "1933", before, where);
                return;
            }
            assertEquals(0, run.exit(), where + "\n" + run);
            assertEquals("current snapshot: " + target, run.out().strip(), where);
            current = target;
        }

        void rotate(Rotate r, String where) throws IOException {
            Map<String, byte[]> before = tree();
            Duration validity = r.kind() == RotateKind.TOO_SHORT ? Duration.ofDays(10) : Duration.ofDays(365);
            CertificateSigningService signing = new CertificateSigningService(rig.ca, validity, Clock.systemUTC());
            String deviceId = current == null ? "T01" : kept.get(current).deviceId();
            CertificateRenewal.Centre centre = (service, body) -> {
                if (r.kind() == RotateKind.CENTRE_DOWN) throw new IOException("centre unreachable");
                return signing.answer(deviceId, body);
            };
            RenewalOutcome outcome = new CertificateRenewal(data, THRESHOLD).renew(Instant.now(), centre);
            if (current == null || r.kind() != RotateKind.OK) {
                var failed = assertInstanceOf(RenewalOutcome.Failed.class, outcome, where);
                if (current != null && r.kind() == RotateKind.TOO_SHORT) assertTrue(failed.why().startsWith("1935 "), where + ": " + failed.why());
                assertSameFiles(before, tree(), where + ": a failed renewal writes nothing");
                return;
            }
            var renewed = assertInstanceOf(RenewalOutcome.Renewed.class, outcome, where);
            Snap was = kept.get(current);
            byte[] bundle = was.files().get("bundle.json");
            int n = committed(new Snap(was.payload(), was.deviceId(), was.broker(), was.policy(), renewed.notAfter(), Map.of()), where);
            assertEquals(n, renewed.snapshot(), where);
            assertArrayEquals(bundle, kept.get(n).files().get("bundle.json"), where + ": the renewal keeps the bundle");
            assertTrue(kept.get(n).files().containsKey("client.key"), where);
        }

        void status(String where) throws IOException {
            Map<String, byte[]> before = tree();
            ProvisionRig.Run run = ProvisionRig.cli("provision", "status", "--data-dir", data.toString(), "--json");
            assertEquals(0, run.exit(), where + "\n" + run);
            assertSameFiles(before, tree(), where + ": status is read-only");
            JsonNode s = JSON.readTree(run.out());
            assertEquals(rig.device.fingerprint(), s.path("device_key_fingerprint").asText(), where);
            assertEquals(current != null, s.path("provisioned").asBoolean(), where + "\n" + run.out());
            List<Integer> reported = new ArrayList<>();
            s.path("snapshots_kept").forEach(n -> reported.add(n.asInt()));
            assertEquals(new ArrayList<>(kept.keySet()), reported, where + "\n" + run.out());
            if (current == null) {
                assertFalse(s.has("snapshot"), where + "\n" + run.out());
                return;
            }
            Snap snap = kept.get(current);
            assertEquals((int) current, s.path("snapshot").asInt(), where + "\n" + run.out());
            assertEquals(snap.deviceId(), s.path("device_id").asText(), where);
            assertEquals(snap.policy(), s.path("versions").path("policy").asText(), where);
            assertEquals(snap.broker(), s.path("brokers").path(0).asText(), where);
            assertEquals(snap.certNotAfter().toString(), s.path("client_certificate").path("not_after").asText(), where);
        }

        void crashedApply(CrashedApply c, String where) throws IOException {
            if (expectedRefusal(BundleKind.VALID, c.variant()) != null || (current != null && kept.get(current).payload() == c.variant())) {
                apply(new Apply(BundleKind.VALID, c.variant()), where); // nothing would reach the switch
                return;
            }
            Path obstacle = data.resolve(".current.tmp");
            Files.deleteIfExists(obstacle); // an earlier crash's link (the switch would remove it too)
            Files.createDirectories(obstacle.resolve("x"));
            ProvisionRig.Run run = rig.apply(bundleFile(BundleKind.VALID, c.variant()));
            assertEquals(1, run.exit(), where + ": the switch failed\n" + run);
            crashed = true;
            deleteTree(obstacle);
            int n = kept.isEmpty() ? 1 : kept.lastKey() + 1;
            Files.createSymbolicLink(obstacle, data.relativize(folder(n))); // what a power cut just before the rename leaves
            Snap snap = bundleSnap(c.variant());
            kept.put(n, new Snap(snap.payload(), snap.deviceId(), snap.broker(), snap.policy(), snap.certNotAfter(), files(folder(n))));
            assertArrayEquals(signed[c.variant()], kept.get(n).files().get("bundle.json"), where);
        }

        void adminNotCreated(AdminNotCreated c, String where) throws IOException {
            if (adminCreated || expectedRefusal(BundleKind.VALID, c.variant()) != null
                    || (current != null && kept.get(current).payload() == c.variant())) {
                apply(new Apply(BundleKind.VALID, c.variant()), where);
                return;
            }
            Path database = data.resolve("terminal.db");
            Files.createDirectories(database.resolve("x")); // the operator database cannot be opened
            Path file = bundleFile(BundleKind.VALID, c.variant());
            ProvisionRig.Run run = rig.apply(file);
            deleteTree(database);
            assertEquals(1, run.exit(), where + "\n" + run);
            assertEquals("1932", JSON.readTree(run.out()).path("term_errcode").asText(), where + "\n" + run.out());
            int n = committed(bundleSnap(c.variant()), where);
            assertTrue(run.out().contains("快照 " + n), where + "\n" + run.out());
            assertArrayEquals(Files.readAllBytes(file), kept.get(n).files().get("bundle.json"), where);
        }

        void crashedRotation(String where) throws IOException {
            if (current == null) {
                rotate(new Rotate(RotateKind.OK), where);
                return;
            }
            Path obstacle = data.resolve(".current.tmp");
            Files.deleteIfExists(obstacle);
            Files.createDirectories(obstacle.resolve("x"));
            CertificateSigningService signing = new CertificateSigningService(rig.ca, Duration.ofDays(365), Clock.systemUTC());
            String deviceId = kept.get(current).deviceId();
            try {
                new CertificateRenewal(data, THRESHOLD).renew(Instant.now(), (service, body) -> signing.answer(deviceId, body));
                throw new AssertionError(where + ": the switch should have failed");
            } catch (IOException expected) {
                // the renewal stopped between the snapshot's rename and the switch
            }
            deleteTree(obstacle);
            int n = kept.lastKey() + 1;
            Files.createSymbolicLink(obstacle, data.relativize(folder(n)));
            Snap was = kept.get(current);
            Instant notAfter = Pem.certificate(Files.readString(folder(n).resolve("client.pem"))).getNotAfter().toInstant();
            kept.put(n, new Snap(was.payload(), was.deviceId(), was.broker(), was.policy(), notAfter, files(folder(n))));
            assertArrayEquals(was.files().get("bundle.json"), kept.get(n).files().get("bundle.json"), where);
        }

        void damage(Damage d) throws IOException {
            List<Integer> others = kept.keySet().stream().filter(n -> !n.equals(current)).toList();
            if (others.isEmpty()) return;
            int n = others.get(d.snapshot() % others.size());
            List<Path> names;
            try (Stream<Path> s = Files.list(folder(n))) {
                names = s.sorted().toList();
            }
            Path file = names.get(d.file() % names.size());
            if (d.remove()) {
                Files.delete(file);
            } else {
                byte[] bytes = Files.readAllBytes(file);
                Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            }
            Snap was = kept.get(n);
            kept.put(n, new Snap(was.payload(), was.deviceId(), was.broker(), was.policy(), was.certNotAfter(), files(folder(n)), true));
        }

        void stagingLeftover() throws IOException {
            int n = kept.isEmpty() ? 1 : kept.lastKey() + 1;
            Path staging = Files.createDirectories(data.resolve("snapshots").resolve(".staging-" + n));
            Files.writeString(staging.resolve("config.json"), "{\"format\":");
        }

        /**
         * {@code factory-reset --yes} (no claims were ever written): a folder with the database
         * (made by the first apply that created the admin) is emptied, and the box is new again
         * (no key, no root, not provisioned); a folder without one is refused 1993 untouched.
         */
        void factoryReset(String where) throws IOException {
            assertEquals(adminCreated, Files.exists(data.resolve("terminal.db")), where + ": only an apply makes the database");
            Map<String, byte[]> before = tree();
            ProvisionRig.Run run = ProvisionRig.cli("factory-reset", "--data-dir", data.toString(), "--yes");
            if (!adminCreated) {
                refused(run, "1993", before, where);
                return;
            }
            assertEquals(0, run.exit(), where + "\n" + run);
            try (Stream<Path> left = Files.list(data)) {
                assertEquals(List.of(), left.toList(), where + ": everything is removed");
            }
            ProvisionRig.Run status = ProvisionRig.cli("provision", "status", "--data-dir", data.toString(), "--json");
            JsonNode s = JSON.readTree(status.out());
            assertFalse(s.path("provisioned").asBoolean(), where + "\n" + status.out());
            assertTrue(s.path("device_key_fingerprint").isNull(), where + "\n" + status.out());
            assertEquals(0, s.path("snapshots_kept").size(), where + "\n" + status.out());
            Path bundle = bundleFile(BundleKind.VALID, 0);
            Map<String, byte[]> empty = tree();
            refused(rig.apply(bundle), "1911", empty, where + "\n  apply after the reset");
        }

        // ---- checks ----

        void invariants(String where) throws IOException {
            assertArrayEquals(deviceKey, Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE)), where + ": the identity key is never replaced");
            Path rootFile = data.resolve(BundleApplier.ROOT_FILE);
            if (root == null) {
                assertFalse(Files.exists(rootFile), where);
            } else if (root != RootKind.DAMAGED) {
                DeviceKey expected = root == RootKind.RIGHT ? rig.root : WRONG_ROOT;
                assertEquals(expected.pair().getPublic(), Pem.publicKey(Files.readString(rootFile)), where);
            }
            assertEquals(new ArrayList<>(kept.keySet()), numbered(), where + ": the snapshots kept");
            Path link = data.resolve("current");
            if (current == null) {
                assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), where);
            } else {
                assertEquals("%04d".formatted(current), Files.readSymbolicLink(link).getFileName().toString(), where + ": the snapshot in force");
            }
            for (var e : kept.entrySet()) {
                assertSameFiles(e.getValue().files(), files(folder(e.getKey())), where + ": snapshot " + e.getKey() + " as written");
            }
        }

        void assertStagingGone(String where) throws IOException {
            try (Stream<Path> s = Files.list(data.resolve("snapshots"))) {
                List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
                assertEquals(List.of(), left, where + ": a commit leaves no staging or pruned folder");
            }
        }

        void refused(ProvisionRig.Run run, String code, Map<String, byte[]> before, String where) throws IOException {
            assertEquals(2, run.exit(), where + "\n" + run);
            JsonNode answer = JSON.readTree(run.out());
            assertEquals(code, answer.path("term_errcode").asText(), where + "\n" + run.out());
            assertTrue(answer.path("err_msg").asText().codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN),
                    where + "\n" + run.out());
            assertSameFiles(before, tree(), where + ": a refusal changes no file");
        }

        Path folder(int n) {
            return data.resolve("snapshots").resolve("%04d".formatted(n));
        }

        List<Integer> numbered() throws IOException {
            Path snapshots = data.resolve("snapshots");
            if (!Files.isDirectory(snapshots)) return List.of();
            try (Stream<Path> s = Files.list(snapshots)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{4,}")).map(Integer::parseInt).sorted().toList();
            }
        }

        /** Every file and link under the data folder except the SQLite database (its header changes when merely opened). */
        Map<String, byte[]> tree() throws IOException {
            Map<String, byte[]> out = files(data);
            out.keySet().removeIf(name -> name.startsWith("terminal.db"));
            return out;
        }
    }

    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) files.put(name, ("-> " + Files.readSymbolicLink(p)).getBytes(StandardCharsets.UTF_8));
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) files.put(name, Files.readAllBytes(p));
                else files.put(name + "/", new byte[0]);
            }
        }
        return files;
    }

    static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after, String where) {
        assertEquals(before.keySet(), after.keySet(), where);
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), where + ": " + name));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
