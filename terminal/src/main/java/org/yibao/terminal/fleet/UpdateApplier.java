package org.yibao.terminal.fleet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.FilePart;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyWarnings;
import org.yibao.terminal.domain.policy.PoolingArea;
import org.yibao.terminal.domain.policy.PolicyTimeline;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Applies one verified update that is the next of its stream: validates the content with the
 * terminal's own loaders (policy loader, trust file reader, catalogue and code-map importers),
 * then in ONE SQLite transaction stores what is now in use, records the update id and its
 * result, moves the stream on and queues the result for the centre (kept in terminal.db while the
 * control lane is full, see {@link FleetMessages}). Only after the commit does
 * the running terminal switch (policy, trust file; a policy effective after today is held and
 * used from its date); a catalogue or code map is replaced by its
 * importer inside that same transaction, and a full catalogue or code map (the .tsv of a zipped one) is kept
 * (gzip) as the base of the next delta, which is rebuilt into a full file and imported the same way. A
 * refused update is recorded (and answered) the same
 * way with nothing else changed, so the stream moves on and the refusal is never retried.
 */
final class UpdateApplier {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateApplier.class);
    /** The last full catalogue received (gzip), the base of the next delta. */
    static final String CATALOG_BASE = "catalog";
    /** The last full code map received (gzip), the base of the next code-map delta. */
    static final String CODEMAP_BASE = "codemap";

    private final FleetStore store;
    private final FleetMessages messages;
    private final PolicyInUse policies;
    private final TrustInUse trust;
    private final StoredTrust storedTrust;
    private final Optional<CatalogStore> catalogs;
    private final PieceStore pieces;
    private final Commands commands;
    private final FleetService.Identity identity;
    private final Path workDir;
    private final Clock clock;

    UpdateApplier(FleetStore store, FleetMessages messages, PolicyInUse policies, TrustInUse trust, StoredTrust storedTrust,
                  Optional<CatalogStore> catalogs, PieceStore pieces, Commands commands, FleetService.Identity identity, Path workDir,
                  Clock clock) {
        this.store = store;
        this.messages = messages;
        this.policies = policies;
        this.trust = trust;
        this.storedTrust = storedTrust;
        this.catalogs = catalogs;
        this.pieces = pieces;
        this.commands = commands;
        this.identity = identity;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** Work done inside the recording transaction. */
    @FunctionalInterface
    private interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /** Applies (or refuses) {@code update}; returns the recorded result. */
    UpdateResult apply(Update update) throws SQLException {
        try {
            return switch (update.kind()) {
                case POLICY -> policy(update);
                case TRUST -> trustFile(update, update.content());
                case REVOCATION -> {
                    storedTrust.look(); // the list merges into the file stored last (a technician's too)
                    yield trustFile(update, RevocationMerge.merge(trust.trust().json(), update.content()));
                }
                case CATALOG, CODEMAP -> table(update);
                case CATALOG_DELTA, CODEMAP_DELTA -> delta(update, FleetTable.of(update.kind()));
                case CATALOG_PART, CODEMAP_PART -> part(update, FleetTable.of(update.kind()));
                case COMMAND -> command(update);
                case WITHDRAWN -> withdrawn(update);
            };
        } catch (RefusedException e) {
            return refuse(update, e.refusal());
        }
    }

    /**
     * Adds the policy to those held; one effective after today (local date, as settlements use)
     * waits for its date while the one in force stays in use, and the result says from when.
     */
    private UpdateResult policy(Update update) throws SQLException {
        Policy policy = PolicyLoader.parse(utf8(update.content()), update.updateId());
        PoolingArea.require(policy, identity.admdvs(), update.updateId());
        PolicyWarnings.of(policy).forEach(w -> LOG.warn("fleet: policy {} from {}: {}", policy.version(), update.updateId(), w));
        LocalDate today = LocalDate.now(clock);
        PolicyTimeline next = policies.timeline().with(policy, today);
        boolean pending = policy.effective().isAfter(today);
        UpdateResult result = applied(update, policy.version(), pending ? "自 " + policy.effective() + " 起生效" : "");
        commit(update, result, c -> store.holdPolicy(c, policy.effective(), policy.version(), update.content(),
                update.updateId(), next.policies().getFirst().effective()));
        policies.set(next);
        if (pending) {
            LOG.info("fleet: policy {} from {} held until {}; {} stays in use", policy.version(), update.updateId(),
                    policy.effective(), next.on(today).version());
        } else {
            LOG.info("fleet: policy {} in use from {}", policy.version(), update.updateId());
        }
        return result;
    }

    private UpdateResult trustFile(Update update, byte[] json) throws SQLException {
        TrustFile file = TrustFileReader.parse(json);
        UpdateResult result = applied(update, file.version());
        commit(update, result, c -> store.putContent(c, StoredTrust.KIND, file.version(), json, update.updateId()));
        trust.set(new TrustInUse.Trust(file, json));
        storedTrust.storedInUse();
        LOG.info("fleet: trust file {} ({}) in use from {}", file.version(), file.revoked(), update.updateId());
        return result;
    }

    /** Puts a trust file stored by another process ({@code terminal voucher trust}) in use. */
    void followStoredTrust() {
        try {
            storedTrust.look();
        } catch (SQLException | RuntimeException e) {
            // the database busy, say: the next look (a second later) tries again
            LOG.debug("fleet: no look at the stored trust file this time", e);
        }
    }

    /**
     * Rebuilds the full catalogue or code map ({@code table}) from the one last received (its
     * kept base) and the delta, a line at a time into a staged file (a device's heap holds neither
     * file), then imports it as a full file; the table's mismatch refusal when the base is not the delta's.
     */
    private UpdateResult delta(Update update, FleetTable table) throws SQLException {
        Optional<FleetStore.Content> base = store.content(table.baseKind);
        FleetReason mismatch = table.deltaMismatch;
        String what = table.what;
        if (base.isEmpty()) {
            return refuse(update, new Refusal(mismatch, "本机没有经中心下发的全量" + what));
        }
        Path file = FleetStaging.file(workDir, update, false);
        try {
            Optional<String> target;
            try (InputStream in = Gzip.reading(base.get().body());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                target = CatalogDelta.apply(in, update.content(), out, what);
            }
            return importStaged(update, file, target, Gzip::compress, letGoOfPieces(update));
        } catch (CatalogDelta.DeltaException e) { // which base it holds, so the centre can tell which file the device has
            return refuse(update, new Refusal(mismatch, e.getMessage() + "（本机基准：版本 " + base.get().version() + "，来自 "
                    + base.get().updateId() + "）"));
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: cannot rebuild " + update.updateId(), e);
        } finally {
            FleetStaging.remove(file);
        }
    }

    private UpdateResult table(Update update) throws SQLException {
        boolean zip = isZip(update);
        Path file = FleetStaging.file(workDir, update, zip);
        try {
            try (InputStream content = update.openContent()) {
                Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return importStaged(update, file, Optional.empty(), zip ? Gzip::compressSoleEntry : Gzip::compress, letGoOfPieces(update));
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: cannot stage " + update.updateId(), e);
        } finally {
            FleetStaging.remove(file);
        }
    }

    /**
     * One piece of a full catalogue or code map ({@code table}) sent in pieces: kept (in the
     * transaction that records it) until the last piece, which completes the file; the file, checked
     * against the size and SHA-256 every piece names, is then imported as a full file. A piece that
     * does not follow the ones held (one missing, another file's) is refused and the pieces held are
     * let go; so is a file whose size or digest differ, or which the importer refuses. The centre
     * then sends the file again.
     */
    private UpdateResult part(Update update, FleetTable table) throws SQLException {
        FilePart part = update.part().orElseThrow();
        if (catalogs.isEmpty()) return refuse(update, new Refusal(FleetReason.NO_CATALOGUE, update.kind().wire())); // not after N pieces
        String stream = update.target().stream();
        Optional<String> gap = part.index() == 1 ? Optional.empty() : part.notFollowing(pieces.held(stream));
        if (gap.isPresent()) return refuse(update, new Refusal(FleetReason.PIECE_OUT_OF_ORDER, gap.get()));
        if (!part.last()) {
            UpdateResult result = applied(update, "", table.what + "分片 " + part.index() + "/" + part.count() + " 已收到");
            commit(update, result, c -> {
                if (part.index() == 1) pieces.clear(c, stream); // an earlier file's pieces, never completed
                pieces.put(c, stream, part, update.updateId(), update.content());
            });
            LOG.info("fleet: {} is piece {} of {} of a {} ({} bytes); kept until the last", update.updateId(), part.index(),
                    part.count(), table.inLog, part.fileBytes());
            return result;
        }
        Path file = FleetStaging.file(workDir, update, false);
        try {
            Optional<String> wrong;
            try (InputStream last = update.openContent()) {
                wrong = pieces.complete(stream, part, last, file);
            }
            if (wrong.isPresent()) return refuse(update, new Refusal(FleetReason.PIECES_NOT_THE_FILE, wrong.get()));
            boolean zip = startsAsZip(file);
            if (zip) file = Files.move(file, FleetStaging.asZip(file)); // an importer's refusal names the file as what it is
            return importStaged(update, file, Optional.empty(), zip ? Gzip::compressSoleEntry : Gzip::compress, c -> pieces.clear(c, stream));
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: cannot stage " + update.updateId(), e);
        } finally {
            FleetStaging.remove(file);
        }
    }

    /**
     * A catalogue or code map put in use whole or by delta lets go of the pieces its stream held of
     * a file never completed (the centre withdrew its last piece and sent this instead).
     */
    private InTransaction letGoOfPieces(Update update) {
        return c -> pieces.clear(c, update.target().stream());
    }

    /**
     * Imports the staged {@code file}; a full catalogue or code map is kept as the next delta's base
     * ({@code base} makes it from the file: its gzip, or of a zip the gzip of the .tsv in it), in the
     * import's transaction, with {@code also} (pieces let go). A code map rebuilt from a delta is
     * named as the file the delta was made to ({@code target}, its SHA-256), whose lines it holds in
     * another order, so it is the version a device sent that file whole records.
     */
    private UpdateResult importStaged(Update update, Path file, Optional<String> target, Function<Path, byte[]> base,
                                      InTransaction also) throws SQLException {
        if (catalogs.isEmpty()) {
            return refuse(update, new Refusal(FleetReason.NO_CATALOGUE, update.kind().wire()));
        }
        UpdateResult[] result = new UpdateResult[1];
        FleetTable table = FleetTable.of(update.kind());
        boolean catalog = table == FleetTable.CATALOGUE;
        CatalogStore.BeforeCommit hook = record -> {
            result[0] = applied(update, record.version());
            commit(update, result[0], c -> {
                store.putContent(c, table.baseKind, record.version(), base.apply(file), update.updateId());
                also.run(c);
            });
        };
        ImportRecord record = catalog ? catalogs.get().importCatalog(file, hook) : catalogs.get().importCodeMap(file, target, hook);
        LOG.info("fleet: {} {} ({} rows) in use from {}", update.kind().wire(), record.version(), record.rows(), update.updateId());
        return result[0];
    }

    private UpdateResult command(Update update) throws SQLException {
        Optional<Commands.Report> report = commands.run(update.command());
        if (report.isEmpty()) {
            return refuse(update, new Refusal(FleetReason.UNKNOWN_COMMAND, update.command()));
        }
        Commands.Output output = report.get().body(update.updateId());
        UpdateResult result = output.refusal().map(r -> refused(update, r)).orElseGet(() -> applied(update, update.command()));
        commit(update, result, c -> messages.append(c, report.get().type(), update.updateId(), output.body()));
        return result;
    }

    /**
     * Records a withdrawn update as done without doing anything: its stream moves on. Pieces the
     * stream holds are let go: a file's pieces are consecutive in their stream, so one withdrawn
     * after them is one of them, and the file can no longer be completed.
     */
    private UpdateResult withdrawn(Update update) throws SQLException {
        UpdateResult result = applied(update, "", "中心已撤回该更新，本机未执行");
        commit(update, result, c -> pieces.clear(c, update.target().stream()));
        LOG.info("fleet: {} was withdrawn by the centre; nothing applied, its stream moves on", update.updateId());
        return result;
    }

    /** Records the refusal; a refused piece lets go of its file's pieces held so far (the centre sends the file again). */
    private UpdateResult refuse(Update update, Refusal refusal) throws SQLException {
        UpdateResult result = refused(update, refusal);
        commit(update, result, c -> {
            if (update.kind().isPart()) pieces.clear(c, update.target().stream());
        });
        LOG.info("fleet: {} refused: {} {}", update.updateId(), refusal.reason().code(), refusal.errMsg());
        return result;
    }

    private void commit(Update update, UpdateResult result, InTransaction work) throws SQLException {
        SqliteDatabase db = store.database();
        db.inTransaction(c -> {
            work.run(c);
            store.record(c, update, result);
            messages.append(c, UpdateResult.TYPE, update.updateId(), result.toJson());
            return null;
        });
    }

    private UpdateResult refused(Update update, Refusal refusal) {
        return new UpdateResult(update.updateId(), identity.deviceId(), update.kind().wire(), UpdateResult.Status.REFUSED,
                refusal.reason().code(), refusal.errMsg(), "", clock.millis());
    }

    private UpdateResult applied(Update update, String version) {
        return applied(update, version, "");
    }

    private UpdateResult applied(Update update, String version, String reason) {
        return new UpdateResult(update.updateId(), identity.deviceId(), update.kind().wire(), UpdateResult.Status.APPLIED, "0", reason, version,
                clock.millis());
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedException(FleetReason.CONTENT_NOT_UTF8, "policy");
        }
    }

    private static boolean isZip(Update update) {
        byte[] bytes;
        try (InputStream content = update.openContent()) {
            bytes = content.readNBytes(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return isZip(bytes);
    }

    private static boolean startsAsZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isZip(in.readNBytes(4));
        }
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length == 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }
}
