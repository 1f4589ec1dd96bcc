package org.yibao.terminal.operator;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's role and the transactions (infno) it may run:
 * <ul>
 *   <li>{@code admin}: every transaction.</li>
 *   <li>{@code cashier}: 1101, 2101-2103, 2201-2208, {@code term_receipt_reprint}, 9001/9002
 *       (not 3201: reconciliation is an admin's).</li>
 *   <li>{@code technician}: 9001/9002 and the terminal's diagnostic transactions, whose infno
 *       starts with {@value #DIAGNOSTIC_PREFIX} (the spec names the terminal's own additions
 *       {@code term_*}).</li>
 * </ul>
 * Operator management itself (add, disable, passwd) is for admins, through the CLI.
 */
public enum Role {
    ADMIN, CASHIER, TECHNICIAN;

    /** Prefix of the terminal's own diagnostic transaction codes. */
    public static final String DIAGNOSTIC_PREFIX = "term_diag";

    private static final Set<String> SIGN_IN_OUT = Set.of("9001", "9002");
    private static final Set<String> CASHIER_INFNOS = Set.of(
            "1101", "2101", "2102", "2103", "2201", "2202", "2203", "2204", "2205", "2206", "2207", "2208",
            "term_receipt_reprint",
            "9001", "9002");

    /** Whether this role may run transaction {@code infno}. */
    public boolean allows(String infno) {
        return switch (this) {
            case ADMIN -> true;
            case CASHIER -> CASHIER_INFNOS.contains(infno);
            case TECHNICIAN -> SIGN_IN_OUT.contains(infno) || infno.startsWith(DIAGNOSTIC_PREFIX);
        };
    }

    /** The name stored and typed on the command line: admin, cashier, technician. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code code} (case-insensitive), or empty. */
    public static Optional<Role> ofCode(String code) {
        for (Role role : values()) {
            if (role.code().equalsIgnoreCase(code)) return Optional.of(role);
        }
        return Optional.empty();
    }
}
