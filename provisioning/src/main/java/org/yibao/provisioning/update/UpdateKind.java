package org.yibao.provisioning.update;

import java.util.Arrays;
import java.util.Optional;

/** What a fleet update carries; {@link #wire()} is its name in the update's payload. */
public enum UpdateKind {
    /** A policy file (YAML), validated by the terminal's policy loader. */
    POLICY("policy"),
    /** A full catalogue version (TSV or a zip holding one TSV), imported atomically. */
    CATALOG("catalog"),
    /**
     * One piece of a full catalogue sent in pieces ({@link FilePart}): the pieces are consecutive
     * updates of one stream, and the last one completes the file, which is then imported as a
     * {@link #CATALOG}.
     */
    CATALOG_PART("catalog-part"),
    /** The changes from the full catalogue the device holds to a new one (see {@link CatalogDelta}). */
    CATALOG_DELTA("catalog-delta"),
    /** A full 对照 code map (TSV or zip), imported atomically. */
    CODEMAP("codemap"),
    /** The changes from the full code map the device holds to a new one (see {@link CatalogDelta}). */
    CODEMAP_DELTA("codemap-delta"),
    /** One piece of a full code map sent in pieces, as {@link #CATALOG_PART} is of a catalogue; completed, imported as a {@link #CODEMAP}. */
    CODEMAP_PART("codemap-part"),
    /** A whole voucher trust file (keys and revocations). */
    TRUST("trust"),
    /** A revocation list {@code {"ec_tokens":[…],"psn_nos":[…]}} replacing the trust file's {@code revoked}. */
    REVOCATION("revocation"),
    /** A command: {@code status}, {@code selftest} or {@code diagnostics}. */
    COMMAND("command"),
    /**
     * An update the centre withdrew after it was numbered (one too large for some devices, say):
     * no content, nothing to apply; a device that has not had the original records it under the
     * same id and its stream moves on to what comes next.
     */
    WITHDRAWN("withdrawn");

    private final String wire;

    UpdateKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether an update of this kind is a piece of a file ({@link FilePart}). */
    public boolean isPart() {
        return this == CATALOG_PART || this == CODEMAP_PART;
    }

    /** The kind named {@code wire}, if any. */
    public static Optional<UpdateKind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
