package org.yibao.terminal.catalog;

/**
 * What a complete, valid read of a catalogue or code-map file saw: its file name, the SHA-256
 * of its bytes (lower-case hex), its data-row count, the greatest {@code ver} (null for a
 * code map, which has no version column), and the SHA-256 of the file it is named as (null but
 * for a code map rebuilt from a delta, which holds that file's lines in another order).
 */
public record FileSummary(String fileName, String sha256, long rows, String maxVer, String namedAsSha256) {
    public FileSummary(String fileName, String sha256, long rows, String maxVer) {
        this(fileName, sha256, rows, maxVer, null);
    }

    /** The version recorded on settlements: max {@code ver}, else the first 16 hex of the SHA-256 of the file it is named as. */
    public String version() {
        if (maxVer != null) return maxVer;
        return (namedAsSha256 != null ? namedAsSha256 : sha256).substring(0, 16);
    }

    /** This read named as the file of SHA-256 {@code fileSha256} (hex), whose lines it holds. */
    public FileSummary namedAs(String fileSha256) {
        return new FileSummary(fileName, sha256, rows, maxVer, fileSha256);
    }
}
