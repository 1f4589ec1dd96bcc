package org.yibao.terminal.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The production service's configuration ({@code terminal run --config FILE}), YAML or JSON,
 * validated on load and immutable after. Relative paths are resolved against the file's folder.
 *
 * <pre>
 * device_id: T01                      # fleet-unique, [A-Za-z0-9_.-]{1,64}
 * institution:
 *   fixmedins_code: H00000000001
 *   fixmedins_name: 演示药店
 *   admdvs: "371502"
 *   hosp_lv: pharmacy
 * data_dir: /var/lib/yibao-terminal   # terminal.db lives here
 * policy: policy.yaml                 # the area's policy (required)
 * catalog: catalog.tsv                # imported at start when the database has no catalogue yet
 * codemap: codemap.tsv                # likewise for the 对照 table
 * api: {port: 8080}                   # loopback only
 * centre:                             # or "centre: none" for a terminal without uplink
 *   broker: tcp://broker.example:1883
 * </pre>
 *
 * @param centre where claims go: {@link Centre.Mqtt} or {@link Centre.None}
 */
public record TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy,
                             Optional<Path> catalog, Optional<Path> codeMap, int apiPort, Centre centre) {

    /** The designated institution this terminal serves. */
    public record Institution(String fixmedinsCode, String fixmedinsName, String admdvs, String hospLv) {
    }

    /** The centre link: an MQTT v5 broker, or none (always offline). */
    public sealed interface Centre permits Centre.Mqtt, Centre.None {
        /** Claims and questions go through {@code brokerUri} ({@code tcp://} or {@code ssl://}). */
        record Mqtt(String brokerUri) implements Centre {
        }

        /** No uplink: every settlement is offline. */
        record None() implements Centre {
        }
    }

    public TerminalConfig {
        List<String> problems = new ArrayList<>();
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9_.-]{1,64}")) problems.add("device_id: 1-64 of [A-Za-z0-9_.-]");
        if (institution == null || blank(institution.fixmedinsCode()) || blank(institution.admdvs()) || blank(institution.hospLv())) {
            problems.add("institution: fixmedins_code, admdvs and hosp_lv are required");
        }
        if (dataDir == null) problems.add("data_dir is required");
        if (policy == null) problems.add("policy is required");
        if (apiPort < 0 || apiPort > 65535) problems.add("api.port: 0-65535");
        if (centre instanceof Centre.Mqtt(String uri) && (uri == null || !uri.matches("(tcp|ssl)://.+"))) {
            problems.add("centre.broker: tcp://host:port or ssl://host:port");
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException("configuration: " + String.join("; ", problems));
        catalog = Objects.requireNonNullElse(catalog, Optional.empty());
        codeMap = Objects.requireNonNullElse(codeMap, Optional.empty());
        Objects.requireNonNull(centre, "centre");
    }

    /** Loads and validates {@code file}; a bad file is an {@link IllegalArgumentException} naming the fields. */
    public static TerminalConfig load(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) throw new IllegalArgumentException("configuration: " + file + " is not a mapping");
        Path base = file.toAbsolutePath().getParent();
        JsonNode inst = root.path("institution");
        JsonNode centreNode = root.path("centre");
        Centre centre = centreNode.isTextual() && "none".equals(centreNode.asText()) || centreNode.isMissingNode()
                ? new Centre.None() : new Centre.Mqtt(text(centreNode, "broker"));
        return new TerminalConfig(text(root, "device_id"),
                new Institution(text(inst, "fixmedins_code"), text(inst, "fixmedins_name"), text(inst, "admdvs"), text(inst, "hosp_lv")),
                path(base, text(root, "data_dir")), path(base, text(root, "policy")),
                Optional.ofNullable(path(base, text(root, "catalog"))), Optional.ofNullable(path(base, text(root, "codemap"))),
                root.path("api").path("port").asInt(8080), centre);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Path path(Path base, String text) {
        return text == null || text.isBlank() ? null : base.resolve(text);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
