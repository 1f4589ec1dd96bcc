package org.yibao.terminal.domain;

/**
 * A business outcome with a stable code and a Chinese message fit to show a cashier
 * (jPOS-style result codes, not exceptions). Codes are four digits, by range:
 * <pre>
 * 1000-1099  request envelope and input fields (1017 API port taken, 1018 storage full)
 * 1100-1199  catalogue and code-map files
 * 1200-1299  policy file
 * 1300-1399  settlement refusals (no rule, no qualification, bad line arithmetic, limits)
 * 1400-1499  social security card
 * 1500-1599  e-voucher QR
 * 1600-1699  operators and sign-in
 * 1700-1799  outbox, uplink and backpressure (1750-1769 the reference centre's commands)
 * 1800-1899  devices (printer, scanner, indicators)
 * 1900-1999  provisioning and configuration
 * </pre>
 * Each area has its own enum implementing this interface.
 */
public interface ReasonCode {
    /** The four-digit code, sent as {@code term_errcode}. */
    String code();

    /** The Chinese message, sent as {@code err_msg}; safe to show a cashier (no personal data). */
    String message();
}
