package org.yibao.terminal.centre;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The centre's side of 3201: totals of acknowledged claims over a period, per insutype ×
 * clr_type, counted as the terminal's 3201 counts them. Settlements add; when reversals are
 * included (the national refd_setl_flag 1 or empty) each reversal is an entry of its own, its
 * negated amounts added and counted once; with reversals excluded, a reversed settlement still
 * counts. Pure: the claims are given.
 */
public final class Reconciliation {

    /** Totals of one insutype × clr_type group (fen), its count of entries, and the settlements in it not reversed. */
    public record Group(String insutype, String clrType, long medfeeSumamt, long fundPaySumamt, long acctPay,
                        long psnCashPay, long settlementCount, List<String> setlIds) {
    }

    private Reconciliation() {
    }

    /**
     * Groups {@code claims} dated in {@code [begin, end]}, keeping only {@code insutype} and
     * {@code clrType} when they are not blank.
     */
    public static List<Group> totals(List<CentreClaim> claims, LocalDate begin, LocalDate end, String insutype,
                                     String clrType, boolean includeReversals) {
        Map<String, Builder> groups = new TreeMap<>();
        for (CentreClaim claim : claims) {
            if (claim.setlDate().isBefore(begin) || claim.setlDate().isAfter(end)
                    || !matches(insutype, claim.insutype()) || !matches(clrType, claim.clrType())
                    || claim.kind() == CentreClaim.Kind.REVERSAL && !includeReversals) {
                continue;
            }
            groups.computeIfAbsent(claim.insutype() + "\u0000" + claim.clrType(), k -> new Builder(claim)).add(claim);
        }
        return groups.values().stream().map(Builder::build).toList();
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual);
    }

    private static final class Builder {
        private final String insutype;
        private final String clrType;
        private long medfee;
        private long fund;
        private long acct;
        private long cash;
        private long count;
        private final List<String> settled = new ArrayList<>();
        private final List<String> reversed = new ArrayList<>();

        Builder(CentreClaim first) {
            this.insutype = first.insutype();
            this.clrType = first.clrType();
        }

        void add(CentreClaim claim) {
            medfee += claim.signed(claim.medfeeSumamt());
            fund += claim.signed(claim.fundPaySumamt());
            acct += claim.signed(claim.acctPay());
            cash += claim.signed(claim.psnCashPay());
            count++;
            (claim.kind() == CentreClaim.Kind.SETTLEMENT ? settled : reversed).add(claim.setlId());
        }

        /** The group; its settlements less the reversed ones, whichever of the two arrived first. */
        Group build() {
            List<String> open = new ArrayList<>(settled);
            reversed.forEach(open::remove);
            return new Group(insutype, clrType, medfee, fund, acct, cash, count, List.copyOf(open));
        }
    }
}
