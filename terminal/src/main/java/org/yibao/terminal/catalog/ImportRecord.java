package org.yibao.terminal.catalog;

import java.time.Instant;

/**
 * The metadata of one completed import: which kind of file ({@code catalog} or
 * {@code codemap}), its name and SHA-256, how many rows, the greatest {@code ver} (null for a
 * code map), the version settlements record, and when it was imported.
 */
public record ImportRecord(String kind, String fileName, String sha256, long rows, String maxVer,
                           String version, Instant importedAt) {}
