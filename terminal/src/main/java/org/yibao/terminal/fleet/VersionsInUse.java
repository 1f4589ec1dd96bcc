package org.yibao.terminal.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.AppVersion;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyTimeline;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * The versions a terminal uses, read from its data folder without changing anything (terminal.db
 * opened read-only), for {@code terminal diagnostics export} beside the running service or on a
 * stopped box: {@code app}, {@code policy} (the one in force today, chosen as the running terminal
 * chooses: the configured file, then those the centre sent, each from its effective date),
 * {@code trust} (the voucher trust file), {@code catalog} and {@code codemap}. A version that is
 * not there is {@code ""} with {@code <name>_reason} saying why.
 */
public final class VersionsInUse {
    private VersionsInUse() {
    }

    /** What terminal.db holds (or why it could not be read: {@code problem}). */
    private record Stored(List<FleetStore.Content> policies, Optional<FleetStore.Content> trust,
                          Optional<ImportRecord> catalog, Optional<ImportRecord> codeMap, Optional<String> problem) {
        static Stored nothing(String problem) {
            return new Stored(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(problem));
        }
    }

    /**
     * The versions in use in {@code dataDir} on {@code today}; {@code configuredPolicy} is the
     * run configuration's policy file, when the caller has the configuration.
     */
    public static Map<String, String> read(Optional<Path> configuredPolicy, Path dataDir, LocalDate today) {
        Map<String, String> versions = new TreeMap<>();
        versions.put("app", AppVersion.current());
        Stored stored = stored(dataDir.resolve("terminal.db"));

        Optional<Policy> configured = Optional.empty();
        String noPolicy = "未给出运行配置（--config），本机也没有中心下发且已生效的政策";
        if (configuredPolicy.isPresent()) {
            try {
                configured = Optional.of(PolicyLoader.load(configuredPolicy.get()));
            } catch (RefusedException e) {
                noPolicy = "配置的政策文件无法加载：" + e.refusal().errMsg();
            }
        }
        Optional<PolicyTimeline> timeline = FleetService.policies(configured, stored.policies(), today);
        Optional<Policy> policy = configured.isPresent() ? timeline.map(t -> t.on(today)) : timeline.flatMap(t -> t.inForceOn(today));
        put(versions, "policy", policy.map(Policy::version), noPolicy);

        versions.put("trust", FleetService.initialTrust(stored.trust(), dataDir).file().version());
        put(versions, "catalog", stored.catalog().map(ImportRecord::version),
                stored.problem().orElse(CatalogReason.NOT_IMPORTED.message()));
        put(versions, "codemap", stored.codeMap().map(ImportRecord::version),
                stored.problem().orElse(CatalogReason.CODEMAP_NOT_IMPORTED.message()));
        return versions;
    }

    private static Stored stored(Path databaseFile) {
        if (!Files.isRegularFile(databaseFile)) return Stored.nothing("数据目录中没有 terminal.db");
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(databaseFile)) {
            Optional<FleetStore> fleet = FleetStore.existing(db);
            return new Stored(fleet.isPresent() ? fleet.get().heldPolicies() : List.of(),
                    fleet.isPresent() ? fleet.get().content(StoredTrust.KIND) : Optional.empty(),
                    CatalogStore.catalogInUse(db), CatalogStore.codeMapInUse(db), Optional.empty());
        } catch (SQLException | RuntimeException e) {
            return Stored.nothing("terminal.db 无法读取：" + e.getMessage());
        }
    }

    /** {@code version} under {@code name}, or {@code ""} and {@code reason} under {@code <name>_reason}. */
    static void put(Map<String, String> versions, String name, Optional<String> version, String reason) {
        versions.put(name, version.orElse(""));
        if (version.isEmpty()) versions.put(name + "_reason", reason);
    }
}
