package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * A canonical text of a JSON tree (object keys sorted, no white space, numbers as written but
 * decimals without trailing zeros) and its SHA-256, so that two requests that differ only in key
 * order or spacing get the same fingerprint. Top-level keys named in {@code ignoredTopLevel} are
 * left out.
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    /** SHA-256 hex of the canonical text of {@code root} without the ignored top-level keys. */
    static String sha256(JsonNode root, Set<String> ignoredTopLevel) {
        StringBuilder out = new StringBuilder();
        write(root, ignoredTopLevel, out);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void write(JsonNode node, Set<String> ignored, StringBuilder out) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (var entry : node.properties()) {
                if (!ignored.contains(entry.getKey())) sorted.put(entry.getKey(), entry.getValue());
            }
            out.append('{');
            boolean first = true;
            for (var entry : sorted.entrySet()) {
                if (!first) out.append(',');
                first = false;
                quote(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), Set.of(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (Iterator<JsonNode> items = node.elements(); items.hasNext(); ) {
                write(items.next(), Set.of(), out);
                if (items.hasNext()) out.append(',');
            }
            out.append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isBigDecimal()) {
            out.append(decimal(node.decimalValue()));
        } else {
            out.append(node.asText());
        }
    }

    /**
     * A decimal as fingerprints have always written it: without trailing zeros (20.00 as 2E+1),
     * as the request reader once dropped them before it kept a number's scale for the handlers.
     * The msgid store holds fingerprints made so; a retry across an upgrade must still match.
     * {@code toString}, never {@code toPlainString}: 1E+999999999 stays a few characters.
     */
    private static String decimal(BigDecimal value) {
        try {
            return value.stripTrailingZeros().toString();
        } catch (ArithmeticException e) { // the scale would leave int's range (100E+2147483647): kept as it was
            return value.toString();
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }
}
