package org.yibao.provisioning.diagnostics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Counts of the outbox by lane and state (with bytes and the oldest row's time), read over a
 * read-only connection: figures only, never a payload, so no personal data can come out of it.
 */
public final class BacklogSummary {
    private BacklogSummary() {
    }

    /**
     * A JSON-ready map: {@code {"rows":[{lane,state,count,bytes,oldest}]}} (with {@code "action"}
     * naming the commands that show and resend rows waiting for a person, when there are any) or
     * {@code {"error":...}}.
     */
    public static Map<String, Object> read(Path databaseFile) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(databaseFile)) {
            out.put("error", "no database at " + databaseFile.getFileName());
            return out;
        }
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(databaseFile)) {
            db.read(c -> {
                try (Statement s = c.createStatement()) {
                    if (!tableExists(s)) {
                        out.put("error", "no outbox table");
                        return null;
                    }
                    List<Map<String, Object>> rows = rows(s);
                    out.put("rows", rows);
                    action(rows, databaseFile).ifPresent(a -> out.put("action", a));
                    return null;
                }
            });
        } catch (SQLException e) {
            out.put("error", "cannot read the outbox: " + e.getMessage());
        }
        return out;
    }

    private static Optional<String> action(List<Map<String, Object>> rows, Path databaseFile) {
        long attention = rows.stream().filter(r -> "NEEDS_ATTENTION".equals(r.get("state"))).mapToLong(r -> (Long) r.get("count")).sum();
        long rejected = rows.stream().filter(r -> "REJECTED".equals(r.get("state"))).mapToLong(r -> (Long) r.get("count")).sum();
        return action(attention, rejected, databaseFile.toAbsolutePath().getParent());
    }

    /**
     * What a technician does about outbox rows that wait for a person (NEEDS_ATTENTION, REJECTED)
     * in the data folder {@code dataDir}: the terminal's commands that show and resend them; empty
     * when there are none.
     */
    public static Optional<String> action(long needsAttention, long rejected, Path dataDir) {
        if (needsAttention == 0 && rejected == 0) return Optional.empty();
        String action = "查看：terminal outbox list --data-dir " + dataDir;
        if (needsAttention > 0) action += "；重新上传：terminal outbox retry --data-dir " + dataDir + " --all-needing-attention";
        if (rejected > 0) action += "；REJECTED 为中心拒绝，不在本机重发";
        return Optional.of(action);
    }

    private static boolean tableExists(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox_message'")) {
            return rs.next();
        }
    }

    private static List<Map<String, Object>> rows(Statement s) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT lane, state, count(*), sum(bytes), min(created_at) FROM outbox_message GROUP BY lane, state ORDER BY lane, state")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("lane", rs.getString(1));
                row.put("state", rs.getString(2));
                row.put("count", rs.getLong(3));
                row.put("bytes", rs.getLong(4));
                row.put("oldest", Instant.ofEpochMilli(rs.getLong(5)).toString());
                rows.add(row);
            }
        }
        return rows;
    }
}
