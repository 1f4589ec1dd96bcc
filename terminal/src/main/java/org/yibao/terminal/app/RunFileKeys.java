package org.yibao.terminal.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The top-level keys a run file may have. Others are not refused (run files written by hand
 * carry notes, and a newer file must start an older build), but named, since a misspelt key
 * ({@code api_tsl} for {@code api_tls}) silently takes no effect.
 */
final class RunFileKeys {
    static final Set<String> KNOWN = Set.of("device_id", "institution", "data_dir", "policy", "catalog", "codemap", "centre",
            "voucher", "devices", "api", "api_tls", "kiosk_limits", "mode", "offline_limits", "retention", "sign_in");

    private RunFileKeys() {
    }

    /** The top-level keys of {@code root} not in {@link #KNOWN}, in the file's order. */
    static List<String> unknown(JsonNode root) {
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name)) unknown.add(name);
        });
        return unknown;
    }
}
