package org.yibao.terminal.catalog;

/**
 * What a complete, valid read of a catalogue or code-map file saw: its file name, the SHA-256
 * of its bytes (lower-case hex), its data-row count, and the greatest {@code ver} (null for a
 * code map, which has no version column).
 */
public record FileSummary(String fileName, String sha256, long rows, String maxVer) {
    /** The version recorded on settlements: max {@code ver}, else the first 16 hex of the SHA-256. */
    public String version() {
        return maxVer != null ? maxVer : sha256.substring(0, 16);
    }
}
