package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdatePublisher;
import org.yibao.provisioning.update.UpdateSigner;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.api.http.HostFailures;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.centre.CentreReason;
import org.yibao.terminal.domain.Refusal;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center publish --db FILE --key KEY (--device ID | --area ADMDVS) (--policy F |
 * --catalog F [--pieces BYTES] | --catalog-delta NEW --base OLD | --codemap F [--pieces BYTES] | --codemap-delta NEW --base OLD | --trust F
 * | --revocations F | --command status|selftest|diagnostics
 * | --withdraw SEQ)
 * [--broker URL] [--admdvs A --fixmedins F]}: signs the update with the centre's key, gives it
 * the target's next sequence and stores it in the centre's SQLite (one transaction), then
 * publishes it (QoS 1) on the device's {@code .../commands} or the area's
 * {@code yb/{admdvs}/area/commands}. A device whose topics are not known yet (it never asked for
 * updates and no --admdvs/--fixmedins were given), or a broker that cannot be reached, gets the
 * update from its next catch-up instead. Prints the stored update as JSON. Exit 0 stored, 2 bad
 * usage or a refusal (bad files, not stored; see {@link CliRefusal} and {@link CentreReason}).
 */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "签名、编号并保存一条设备更新，再发布到设备或地区的指令主题。")
public final class CenterPublishCommand implements Callable<Integer> {
    /** The smallest piece taken: a catalogue in pieces of a few bytes would be millions of updates. */
    static final int MIN_PIECE = 65_536;
    /** Far above what any device takes in one message (a sixth of its heap); the pieces exist to be smaller. */
    static final int MAX_PIECE = 67_108_864;

    @Spec CommandSpec spec;

    @Option(names = "--db", required = true, description = "the centre's SQLite file")
    Path db;

    @Option(names = "--key", required = true, description = "the centre's update signing key (PKCS#8 PEM, EC P-256 or SM2)")
    Path key;

    @Option(names = "--broker", description = "MQTT v5 broker to publish on; without it the update waits for the devices' catch-up")
    String broker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--device", description = "one device id") String device;
        @Option(names = "--area", description = "every device of this 医保区划 (admdvs)") String area;
    }

    @Option(names = "--base", description = "with --catalog-delta or --codemap-delta: the full TSV of that kind last sent to the target")
    Path base;

    @Option(names = "--pieces", paramLabel = "BYTES", description = "with --catalog or --codemap: send the file as consecutive "
            + "catalog-part or codemap-part updates of at most BYTES each (one message each), for devices whose heap cannot take it whole")
    Integer pieceBytes;

    @Option(names = "--admdvs", description = "the device's admdvs (when the centre has not seen the device yet)")
    String admdvs;

    @Option(names = "--fixmedins", description = "the device's fixmedins_code (with --admdvs)")
    String fixmedins;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Content content;

    static final class Content {
        @Option(names = "--policy", description = "policy YAML") Path policy;
        @Option(names = "--catalog", description = "full catalogue TSV or zip") Path catalog;
        @Option(names = "--catalog-delta", description = "the new full catalogue TSV, sent as its changes from --base") Path catalogDelta;
        @Option(names = "--codemap", description = "full 对照 code map TSV or zip") Path codemap;
        @Option(names = "--codemap-delta", description = "the new full code map TSV, sent as its changes from --base") Path codemapDelta;
        @Option(names = "--trust", description = "voucher trust file JSON") Path trust;
        @Option(names = "--revocations", description = "revocation list JSON {\"ec_tokens\":[],\"psn_nos\":[]}") Path revocations;
        @Option(names = "--command", description = "status | selftest | diagnostics") String command;
        @Option(names = "--withdraw", paramLabel = "SEQ", description = "withdraw the target's stored update SEQ (one too large for "
                + "some devices, say): replaced by a signed notice of the same id, so devices that have not had it move past it")
        Long withdraw;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        checkOptions(cmd);
        UpdateTarget to;
        UpdateSigner signer;
        byte[] body;
        try {
            to = target.device != null ? UpdateTarget.device(target.device) : UpdateTarget.area(target.area);
            signer = UpdateSigner.load(key);
            body = body();
        } catch (CatalogDelta.DeltaException e) {
            return CliRefusal.print(cmd, new Refusal(CentreReason.DELTA_FAILED, e.getMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return CliRefusal.print(cmd, new Refusal(CentreReason.UPDATE_INPUT_INVALID, e.getMessage()));
        }
        try (SqliteDatabase database = SqliteDatabase.open(db, BeijingTime.clock())) {
            UpdateLedger ledger = UpdateLedger.open(database, Clock.systemUTC());
            if (pieceBytes != null) return pieces(ledger, to, signer, body);
            Optional<UpdateLedger.Stored> written = content.withdraw != null ? ledger.withdraw(to, content.withdraw, signer)
                    : Optional.of(ledger.add(to, kind(), body, content.command == null ? "" : content.command, signer));
            if (written.isEmpty()) {
                return CliRefusal.print(cmd, new Refusal(CentreReason.UPDATE_INPUT_INVALID, "中心没有更新 " + to.stream() + "/" + content.withdraw));
            }
            if (admdvs != null && fixmedins != null && target.device != null) { // only once the update is stored
                ledger.seen(new UpdateLedger.Device(target.device, admdvs, fixmedins));
            }
            UpdateLedger.Stored stored = written.get();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("update_id", stored.updateId());
            out.put("stream", stored.stream());
            out.put("seq", stored.seq());
            out.put("kind", stored.kind());
            out.put("bytes", body.length);
            List<String> tooLarge = ledger.tooLargeFor(to, stored.envelope().length);
            publish(ledger, to, stored, out);
            if (!tooLarge.isEmpty()) {
                out.put("too_large_for", tooLarge);
                out.put("warning", tooLargeWarning(stored));
            }
            cmd.getOut().println(toJson(out));
            return 0;
        } catch (SQLException | RuntimeException e) {
            return CliRefusal.print(cmd, HostFailures.refusal(e).orElseGet(() -> new Refusal(CentreReason.UPDATE_NOT_STORED, e.getMessage())));
        }
    }

    /** Refuses (usage, exit 2) options that do not go together, before anything is read or stored. */
    private void checkOptions(CommandLine cmd) {
        if (content.command != null && !content.command.matches("status|selftest|diagnostics")) {
            throw new ParameterException(cmd, "--command 须为 status、selftest 或 diagnostics");
        }
        if (content.catalogDelta != null && base == null) throw new ParameterException(cmd, "--catalog-delta 需要 --base FILE");
        if (content.codemapDelta != null && base == null) throw new ParameterException(cmd, "--codemap-delta 需要 --base FILE");
        if (pieceBytes != null && content.catalog == null && content.codemap == null) {
            throw new ParameterException(cmd, "--pieces 只用于 --catalog 或 --codemap");
        }
        if (pieceBytes != null && (pieceBytes < MIN_PIECE || pieceBytes > MAX_PIECE)) {
            throw new ParameterException(cmd, "--pieces 须为 " + MIN_PIECE + " 到 " + MAX_PIECE + " 字节（建议 1048576）");
        }
    }

    /** What the publisher is told of an update whose envelope some devices cannot take in one message. */
    private String tooLargeWarning(UpdateLedger.Stored stored) {
        return "its envelope (" + stored.envelope().length + " bytes) is larger than these devices take in one "
                + "message: the broker drops it and their catch-up names it withheld, and their updates after it wait; raise their "
                + "-Xmx (the limit is a sixth of the heap), or withdraw it (--withdraw " + stored.seq() + ") and send "
                + (content.catalog != null || content.codemap != null ? "a delta, a smaller file, or the file in pieces (--pieces 1048576)"
                : "a smaller file");
    }

    /**
     * The catalogue or code map as pieces, stored in one transaction; prints one JSON line for the whole. Only
     * the last piece is pushed: a device takes it as ahead of its turn and fetches the others by
     * catch-up, one answer after another. Pushed together, pieces near a device's packet limit ran
     * its 64 MB heap out: the MQTT client reads the next message in while the last is still being
     * verified, before the device can turn it away (black-box review, 5.5 MB pieces).
     */
    private int pieces(UpdateLedger ledger, UpdateTarget to, UpdateSigner signer, byte[] file) throws SQLException {
        UpdateKind kind = content.catalog != null ? UpdateKind.CATALOG_PART : UpdateKind.CODEMAP_PART;
        List<UpdateLedger.Stored> stored = ledger.addParts(to, kind, file, pieceBytes, signer);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("update_ids", stored.stream().map(UpdateLedger.Stored::updateId).toList());
        out.put("stream", to.stream());
        out.put("first_seq", stored.getFirst().seq());
        out.put("last_seq", stored.getLast().seq());
        out.put("kind", kind.wire());
        out.put("bytes", file.length);
        out.put("pieces", stored.size());
        if (admdvs != null && fixmedins != null && target.device != null) ledger.seen(new UpdateLedger.Device(target.device, admdvs, fixmedins));
        long largest = stored.stream().mapToLong(s -> s.envelope().length).max().orElse(0);
        List<String> tooLarge = ledger.tooLargeFor(to, largest);
        publish(ledger, to, List.of(stored.getLast()), out);
        if (!tooLarge.isEmpty()) {
            out.put("too_large_for", tooLarge);
            out.put("warning", "a piece's envelope (" + largest + " bytes) is still larger than these devices take; withdraw the pieces "
                    + "and send smaller ones");
        }
        spec.commandLine().getOut().println(toJson(out));
        return 0;
    }

    private static String toJson(Map<String, Object> out) {
        try {
            return new ObjectMapper().writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(UpdateLedger ledger, UpdateTarget to, UpdateLedger.Stored stored, Map<String, Object> out) throws SQLException {
        publish(ledger, to, List.of(stored), out);
    }

    /** Publishes {@code stored} in order over one connection; the first that fails leaves the rest to the devices' catch-up. */
    private void publish(UpdateLedger ledger, UpdateTarget to, List<UpdateLedger.Stored> stored, Map<String, Object> out) throws SQLException {
        Optional<UpdateLedger.Device> device = target.device == null ? Optional.empty() : ledger.device(target.device);
        if (broker == null || (to.scope() == UpdateTarget.Scope.DEVICE && device.isEmpty())) {
            out.put("published", false);
            out.put("note", broker == null ? "no --broker: delivered at the device's next catch-up"
                    : "device not seen yet: delivered at its first catch-up");
            return;
        }
        String topic = UpdatePublisher.topic(to, device.orElse(null));
        out.put("topic", topic);
        try (UpdatePublisher publisher = UpdatePublisher.connect(broker)) {
            for (UpdateLedger.Stored one : stored) publisher.publish(topic, one.envelope());
            out.put("published", true);
        } catch (MqttException e) {
            out.put("published", false);
            out.put("note", "broker: " + e.getMessage() + "; delivered at the device's next catch-up");
        }
    }

    private byte[] body() throws IOException, CatalogDelta.DeltaException {
        if (content.command != null || content.withdraw != null) return new byte[0];
        if (content.catalogDelta != null) {
            return CatalogDelta.compute(Files.readAllBytes(base), Files.readAllBytes(content.catalogDelta), CatalogDelta.CATALOGUE);
        }
        if (content.codemapDelta != null) {
            return CatalogDelta.compute(Files.readAllBytes(base), Files.readAllBytes(content.codemapDelta), CatalogDelta.CODE_MAP);
        }
        return Files.readAllBytes(file());
    }

    private Path file() {
        if (content.policy != null) return content.policy;
        if (content.catalog != null) return content.catalog;
        if (content.codemap != null) return content.codemap;
        if (content.trust != null) return content.trust;
        return content.revocations;
    }

    private UpdateKind kind() {
        if (content.policy != null) return UpdateKind.POLICY;
        if (content.catalog != null) return UpdateKind.CATALOG;
        if (content.catalogDelta != null) return UpdateKind.CATALOG_DELTA;
        if (content.codemap != null) return UpdateKind.CODEMAP;
        if (content.codemapDelta != null) return UpdateKind.CODEMAP_DELTA;
        if (content.trust != null) return UpdateKind.TRUST;
        if (content.revocations != null) return UpdateKind.REVOCATION;
        return UpdateKind.COMMAND;
    }
}
