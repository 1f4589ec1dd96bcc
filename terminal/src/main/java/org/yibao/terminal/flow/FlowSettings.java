package org.yibao.terminal.flow;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.yibao.drivers.printer.PaperWidth;

/**
 * The settings the transaction flows need, validated and immutable: the institution
 * (fixmedins_code/name), the area (admdvs), the terminal's hosp_lv for rule matching, the
 * fleet-unique device id (prefix of setl_id and mdtrt_id), the kiosk's own limits, whether the
 * terminal is a counter's or a kiosk's ({@link Mode}), how long an
 * online question to the centre may take before the cached snapshot is used, the longest wait for
 * a card or a QR a 1101 may ask for ({@code term_wait_s}; a longer one is refused), the receipt paper
 * and the clock (whose zone is the zone of every local date and time the flows write).
 * The offline limits come from the policy file, not from here.
 */
public record FlowSettings(String fixmedinsCode, String fixmedinsName, String admdvs, String hospLv,
                           String deviceId, KioskLimits kiosk, Mode mode, Duration centreTimeout,
                           Duration maxIdentifyWait, PaperWidth paper, Clock clock) {

    /**
     * What a self-service kiosk (opter_type 2) may do without a cashier: the largest medfee_sumamt
     * of one settlement (fen) and whether the personal account may pay.
     */
    public record KioskLimits(long maxAmountPerSettlement, boolean accountAllowed) {
        public KioskLimits {
            if (maxAmountPerSettlement <= 0) throw new IllegalArgumentException("kiosk max amount must be positive");
        }
    }

    /**
     * What the terminal is, as its configuration's {@code mode} says: a counter's takes each
     * request as its envelope's {@code opter_type} says (a kiosk's request under the kiosk's
     * limits); a kiosk's takes the transactions that identify a person or move money only as a
     * kiosk's (opter_type 2), whoever signed in, and refuses the others ({@link KioskOnly}).
     */
    public enum Mode { COUNTER, KIOSK }

    public FlowSettings {
        requireText(fixmedinsCode, "fixmedinsCode");
        fixmedinsName = Objects.requireNonNullElse(fixmedinsName, "");
        requireText(admdvs, "admdvs");
        requireText(hospLv, "hospLv");
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("deviceId must be 1-64 of [A-Za-z0-9_.-]: " + deviceId);
        }
        Objects.requireNonNull(kiosk, "kiosk");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(centreTimeout, "centreTimeout");
        Objects.requireNonNull(maxIdentifyWait, "maxIdentifyWait");
        if (centreTimeout.isNegative() || centreTimeout.isZero() || maxIdentifyWait.isNegative()) {
            throw new IllegalArgumentException("centreTimeout must be positive and maxIdentifyWait not negative");
        }
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(clock, "clock");
    }

    /** Settings with the usual defaults: 3 s centre timeout, 60 s longest 1101 wait, 80 mm paper. */
    public static FlowSettings of(String fixmedinsCode, String fixmedinsName, String admdvs, String hospLv,
                                  String deviceId, KioskLimits kiosk, Mode mode, Clock clock) {
        return new FlowSettings(fixmedinsCode, fixmedinsName, admdvs, hospLv, deviceId, kiosk, mode, Duration.ofSeconds(3),
                Duration.ofSeconds(60), PaperWidth.MM80, clock);
    }

    /** These settings with receipts laid out for {@code paper} (the configured printer's). */
    public FlowSettings withPaper(PaperWidth paper) {
        return new FlowSettings(fixmedinsCode, fixmedinsName, admdvs, hospLv, deviceId, kiosk, mode, centreTimeout,
                maxIdentifyWait, paper, clock);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is required");
    }
}
