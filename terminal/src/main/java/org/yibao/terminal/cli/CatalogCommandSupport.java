package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yibao.outbox.db.QuarantinedDatabaseException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.CodeMapRow;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the catalogue and code-map commands share: the {@code --data-dir} option (a picocli
 * mixin), the terminal database in it, JSON output on stdout, and the refusal convention
 * ({@code {"term_errcode":"11NN","err_msg":"..."}} and exit code 2).
 */
public final class CatalogCommandSupport {
    /** Exit code of an I/O failure (database unreadable, disk full). */
    static final int FAILED = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Data folder holding terminal.db (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** The database file in the data folder. */
    Path databaseFile() {
        return dataDir.resolve("terminal.db");
    }

    /** Opens (creating when absent) the terminal database. */
    SqliteDatabase openForWrite() {
        return SqliteDatabase.open(databaseFile(), BeijingTime.clock());
    }

    /**
     * A read-only look-up connection to the terminal database (never creates it); a corrupt file
     * is quarantined, see {@link CatalogStore#openReadableLookupConnection}.
     */
    Connection openForRead() throws SQLException {
        return CatalogStore.openReadableLookupConnection(databaseFile(), BeijingTime.clock());
    }

    /**
     * True when the terminal database exists (look-ups never create it). When it does not and a
     * quarantined copy lies beside it, throws the {@link QuarantinedDatabaseException} a command
     * that writes would get: the catalogue is not "never imported", its database was quarantined.
     */
    boolean databaseExists() {
        if (Files.isRegularFile(databaseFile())) return true;
        List<Path> quarantined = SqliteDatabase.quarantinedCopies(databaseFile());
        if (!quarantined.isEmpty()) throw new QuarantinedDatabaseException(databaseFile().toAbsolutePath(), quarantined);
        return false;
    }

    /** A refusal as every command gives one ({@link CliRefusal}): one JSON line on stdout, {@code NNNN 说明} on stderr, exit 2. */
    static int printRefusal(CommandLine cmd, Refusal refusal) {
        return CliRefusal.print(cmd, refusal);
    }

    static int printRefusal(CommandLine cmd, CatalogReason reason, String detail) {
        return printRefusal(cmd, new Refusal(reason, detail));
    }

    static void print(PrintWriter out, Object body) {
        try {
            out.println(JSON.writeValueAsString(body));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of plain maps cannot fail", e);
        }
    }

    static Map<String, Object> json(ImportRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind());
        m.put("file_name", r.fileName());
        m.put("sha256", r.sha256());
        m.put("rows", r.rows());
        m.put("max_ver", r.maxVer());
        m.put("version", r.version());
        m.put("imported_at", r.importedAt().toString());
        return m;
    }

    /** A catalogue row under its national column names. */
    static Map<String, Object> json(CatalogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("med_list_codg", e.code());
        m.put("med_list_name", e.name());
        m.put("list_type", e.listType());
        m.put("chrgitm_lv", e.level().code());
        m.put("med_chrgitm_type", e.chrgitmType());
        m.put("selfpay_prop_310", e.selfpayProp310());
        m.put("selfpay_prop_390", e.selfpayProp390());
        m.put("pric_uplmt_amt", e.priceCap());
        m.put("lmt_used_flag", e.restrictedUse() ? "1" : "0");
        m.put("begndate", e.beginDate().toString());
        m.put("enddate", iso(e.endDate()));
        m.put("ver", e.version());
        return m;
    }

    /** A code-map row under its file column names. */
    static Map<String, Object> json(CodeMapRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fixmedins_hilist_id", r.localCode());
        m.put("fixmedins_hilist_name", r.localName());
        m.put("list_type", r.listType());
        m.put("med_list_codg", r.nationalCode());
        m.put("begndate", r.beginDate().toString());
        m.put("enddate", iso(r.endDate()));
        return m;
    }

    private static String iso(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
