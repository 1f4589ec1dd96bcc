package org.yibao.provisioning.diagnostics;

import java.util.regex.Pattern;

/**
 * Removes secrets from configuration text (YAML, JSON, properties) before it leaves the device:
 * the value of every key whose name speaks of a key, password, secret, token, PIN, one-time
 * password or credential becomes {@code <removed>} (so private key paths go too), at the start of
 * a line or inside one ({@code term_password=…}, {@code X-Term-Api-Key: …}), and PEM
 * private-key blocks are cut out whole. Key names stay so a technician sees what was set.
 */
public final class SecretScrubber {

    /** What a removed value is replaced with. */
    public static final String REMOVED = "<removed>";

    private static final String SECRET_WORDS = "[\\w.-]*(?:key|password|passwd|pwd|secret|token|pin|otp|credential|private)[\\w.-]*";
    private static final Pattern QUOTED = Pattern.compile("(?i)(\"" + SECRET_WORDS + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
    private static final Pattern BARE = Pattern.compile("(?im)^(\\s*-?\\s*" + SECRET_WORDS + "\\s*[:=]\\s*)(?![{\\[]\\s*$)(\\S.*)$");
    /** {@code name=value} or {@code Name: value} inside a line (a log's {@code term_password=…}, an HTTP header). */
    private static final Pattern INLINE = Pattern.compile("(?i)(?<![\\w.-])(" + SECRET_WORDS + "\\s*[:=]\\s*)(?!" + Pattern.quote(REMOVED)
            + ")(?![{\\[\"])([^\\s,;&\"'}\\]]+)");
    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", Pattern.DOTALL);

    private SecretScrubber() {
    }

    /** {@code text} with every secret value and private-key block removed. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) return "";
        String out = PEM.matcher(text).replaceAll(REMOVED);
        out = QUOTED.matcher(out).replaceAll("$1\"" + REMOVED + "\"");
        out = BARE.matcher(out).replaceAll("$1" + REMOVED);
        return INLINE.matcher(out).replaceAll("$1" + REMOVED);
    }
}
