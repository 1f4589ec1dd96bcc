package org.yibao.terminal.flow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What spec national-interface.md (3201 对总账) and the README promise of 3201's totals, kept
 * plainly for {@link ReconciliationTotalsPropertiesTest}. Entries of a period are the
 * settlements dated (Beijing time) in it, each with its insutype and clr_type; with
 * refd_setl_flag 1 or empty a reversed settlement adds a second entry of its own, its amounts
 * negated, counted on the day of the settlement it reverses (README: so local totals are never
 * negative); with 0 the reversal is left out and the settlement it reversed still counts. The
 * terminal compares the host's totals with its own and its own with those the centre has
 * acknowledged: balanced only when all three agree, and the entries the centre has not
 * acknowledged (not answered yet, or rejected) are listed.
 */
final class ReconciliationModel {

    /** Where a claim stands with the centre. */
    enum Claim { UNANSWERED, ACKED, REJECTED }

    /** A settlement as the terminal answered it, and where its claim (and its reversal's) stand. */
    static final class Setl {
        final String setlId;
        final String mdtrtId;
        final String psnNo;
        final String insutype;
        final String clrType;
        final LocalDate day;
        final long medfee;
        final long fund;
        final long acct;
        Claim claim = Claim.UNANSWERED;
        /** Null while the settlement stands. */
        Claim reversal;

        Setl(String setlId, String mdtrtId, String psnNo, String insutype, String clrType, LocalDate day, long medfee,
             long fund, long acct) {
            this.setlId = setlId;
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.insutype = insutype;
            this.clrType = clrType;
            this.day = day;
            this.medfee = medfee;
            this.fund = fund;
            this.acct = acct;
        }
    }

    /** One entry 3201 counts. */
    record Entry(String setlId, String kind, String insutype, String clrType, long medfee, long fund, long acct,
                 Claim claim) {
        String group() {
            return insutype + "|" + clrType;
        }
    }

    /** Totals in fen and a count of entries. */
    record Totals(long medfee, long fund, long acct, long count) {
        static final Totals ZERO = new Totals(0, 0, 0, 0);

        Totals plus(Entry e) {
            return new Totals(medfee + e.medfee(), fund + e.fund(), acct + e.acct(), count + 1);
        }
    }

    /** What 3201 must answer: the local and acknowledged totals (overall and per group), the entries listed, the result. */
    record Answer(Totals local, Totals acked, Map<String, Totals[]> groups, List<Entry> unacknowledged, boolean hostAgrees) {
        boolean balanced() {
            return hostAgrees && unacknowledged.isEmpty();
        }
    }

    final Map<String, Setl> settlements = new LinkedHashMap<>();

    void settled(Setl s) {
        settlements.put(s.setlId, s);
    }

    void reversed(String setlId) {
        settlements.get(setlId).reversal = Claim.UNANSWERED;
    }

    /** The entries of [begin, end] under the filter ("" = all). */
    List<Entry> entries(LocalDate begin, LocalDate end, String insutype, String clrType, boolean withReversals) {
        List<Entry> out = new ArrayList<>();
        for (Setl s : settlements.values()) {
            if (s.day.isBefore(begin) || s.day.isAfter(end)) continue;
            if (!insutype.isEmpty() && !insutype.equals(s.insutype) || !clrType.isEmpty() && !clrType.equals(s.clrType)) continue;
            out.add(new Entry(s.setlId, "settlement", s.insutype, s.clrType, s.medfee, s.fund, s.acct, s.claim));
            if (s.reversal != null && withReversals) {
                out.add(new Entry(s.setlId, "reversal", s.insutype, s.clrType, -s.medfee, -s.fund, -s.acct, s.reversal));
            }
        }
        return out;
    }

    static Totals totals(List<Entry> entries) {
        Totals t = Totals.ZERO;
        for (Entry e : entries) t = t.plus(e);
        return t;
    }

    /** 3201's answer for these entries and the host's totals. */
    static Answer answer(List<Entry> entries, Totals host) {
        Totals local = Totals.ZERO;
        Totals acked = Totals.ZERO;
        Map<String, Totals[]> groups = new TreeMap<>();
        List<Entry> unacknowledged = new ArrayList<>();
        for (Entry e : entries) {
            Totals[] g = groups.computeIfAbsent(e.group(), k -> new Totals[] {Totals.ZERO, Totals.ZERO});
            g[0] = g[0].plus(e);
            local = local.plus(e);
            if (e.claim() == Claim.ACKED) {
                g[1] = g[1].plus(e);
                acked = acked.plus(e);
            } else {
                unacknowledged.add(e);
            }
        }
        return new Answer(local, acked, groups, unacknowledged, host.equals(local));
    }
}
