package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the claim JSON the terminal's flows queue (claims are opaque to the outbox). Tolerant
 * and versioned: it accepts {@code "v"} 1 or no version, the fields at the top level or under
 * {@code setlinfo} / {@code claim} / {@code output.setlinfo}, amounts as yuan (JSON number or
 * string, at most two decimals, the national interface's form) or as fen in fields ending
 * {@code _fen}, and dates as {@code yyyy-MM-dd[ HH:mm:ss]}, ISO date-time or {@code yyyyMMdd}.
 * The kind comes from {@code kind}/{@code claim_type}, else from the envelope type (anything
 * naming a reversal: {@code rev}, {@code 2103}, {@code 2208}), else from a negative
 * medfee_sumamt. Unknown fields are ignored; a claim without setl_id or date is unreadable
 * (empty), never an exception.
 */
public final class ClaimReader {

    /** The newest claim version this reader knows; newer versions are read field by field all the same. */
    public static final int KNOWN_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimReader() {
    }

    /** The claim in {@code payload} of an envelope of {@code envelopeType}, or empty when it is not one. */
    public static Optional<CentreClaim> read(String envelopeType, byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return read(envelopeType, root);
    }

    /** As {@link #read(String, byte[])}, for a payload already parsed. */
    static Optional<CentreClaim> read(String envelopeType, JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode body = body(root);
        String setlId = text(body, "setl_id").or(() -> text(root, "setl_id")).orElse(null);
        LocalDate date = text(body, "setl_time").or(() -> text(body, "setl_date")).flatMap(ClaimReader::date).orElse(null);
        if (setlId == null || date == null) {
            return Optional.empty();
        }
        try {
            long medfee = fen(body, "medfee_sumamt");
            CentreClaim.Kind kind = kind(root, envelopeType, medfee);
            return Optional.of(new CentreClaim(kind, setlId, text(body, "insutype").orElse(""),
                    text(body, "clr_type").orElse(""), date, Math.abs(medfee), Math.abs(fen(body, "fund_pay_sumamt")),
                    Math.abs(fen(body, "acct_pay")), Math.abs(fen(body, "psn_cash_pay"))));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static JsonNode body(JsonNode root) {
        for (String path : new String[] {"/setlinfo", "/claim", "/output/setlinfo", "/claim/setlinfo"}) {
            JsonNode node = root.at(path);
            if (node.isObject() && node.has("setl_id") || node.isObject() && node.has("medfee_sumamt")) {
                return node;
            }
        }
        return root;
    }

    private static CentreClaim.Kind kind(JsonNode root, String envelopeType, long medfee) {
        String named = text(root, "kind").or(() -> text(root, "claim_type")).orElse(envelopeType == null ? "" : envelopeType);
        String lower = named.toLowerCase(Locale.ROOT);
        if (lower.contains("rev") || lower.contains("2103") || lower.contains("2208") || lower.contains("撤销")) {
            return CentreClaim.Kind.REVERSAL;
        }
        return medfee < 0 ? CentreClaim.Kind.REVERSAL : CentreClaim.Kind.SETTLEMENT;
    }

    /** The amount in fen: {@code <field>_fen} as an integer, else {@code <field>} in yuan; 0 when absent. */
    static long fen(JsonNode node, String field) {
        JsonNode fen = node.get(field + "_fen");
        if (fen != null && fen.canConvertToLong() && fen.isIntegralNumber()) {
            return fen.longValue();
        }
        JsonNode yuan = node.get(field);
        if (yuan == null || yuan.isNull() || yuan.asText().isBlank()) {
            return 0;
        }
        BigDecimal value = yuan.isNumber() ? yuan.decimalValue() : new BigDecimal(yuan.asText().trim());
        return value.movePointRight(2).longValueExact();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<LocalDate> date(String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{8}")) {
                return Optional.of(LocalDate.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4, 6)),
                        Integer.parseInt(t.substring(6, 8))));
            }
            return t.length() >= 10 ? Optional.of(LocalDate.parse(t.substring(0, 10))) : Optional.empty();
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
