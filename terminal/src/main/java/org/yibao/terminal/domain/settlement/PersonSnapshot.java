package org.yibao.terminal.domain.settlement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The insured person as identified (1101): identity, insurance rows with account balances,
 * year-to-date accumulators per group and approved 门慢门特 qualifications. Amounts in fen.
 * {@code fromCache} is true when the snapshot came from the terminal's cache, not the centre.
 */
public record PersonSnapshot(String psnNo, String name, String certno, List<Insurance> insurances,
                             List<YearAccumulators> accumulators, List<OpspApproval> opsp,
                             boolean fromCache) {
    public PersonSnapshot {
        psnNo = Objects.requireNonNullElse(psnNo, "");
        name = Objects.requireNonNullElse(name, "");
        certno = Objects.requireNonNullElse(certno, "");
        insurances = List.copyOf(insurances);
        accumulators = List.copyOf(accumulators);
        opsp = List.copyOf(opsp);
    }

    /**
     * One insuinfo row: insutype, psn_type, the personal account balance (balc) and psn_insu_stas
     * (the national codes: 1 正常参保, 2 暂停参保, 4 终止参保; "" when the source gives none, as a
     * voucher does).
     */
    public record Insurance(String insutype, String psnType, long balance, String insuplcAdmdvs, String insuStatus) {
        /** psn_insu_stas of an insured whose benefits are in force. */
        public static final String INSURED = "1";

        public Insurance {
            Objects.requireNonNull(insutype, "insutype");
            psnType = Objects.requireNonNullElse(psnType, "");
            insuplcAdmdvs = Objects.requireNonNullElse(insuplcAdmdvs, "");
            insuStatus = Objects.requireNonNullElse(insuStatus, "");
            if (balance < 0) throw new IllegalArgumentException("negative balance");
        }

        /** A row whose status is not given ("" counts as in force). */
        public Insurance(String insutype, String psnType, long balance, String insuplcAdmdvs) {
            this(insutype, psnType, balance, insuplcAdmdvs, "");
        }

        /** Whether the row's benefits are in force: status 1, or none given; 2 暂停 and 4 终止 (any other) are not. */
        public boolean inForce() {
            return insuStatus.isEmpty() || insuStatus.equals(INSURED);
        }
    }

    /** One term_accuinfo row. */
    public record YearAccumulators(int year, String group, Accumulators values) {
        public YearAccumulators {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(values, "values");
        }
    }

    /** One term_opspinfo row: an approved 门慢门特 for a disease, valid from begin to end (open when null). */
    public record OpspApproval(String diseCode, String diseName, LocalDate begin, LocalDate end) {
        public OpspApproval {
            Objects.requireNonNull(diseCode, "diseCode");
            Objects.requireNonNull(begin, "begin");
        }

        public boolean validOn(LocalDate date) {
            return !date.isBefore(begin) && (end == null || !date.isAfter(end));
        }
    }

    /**
     * The insuinfo row for {@code insutype} that a settlement uses: the first one in force (a
     * centre may answer a person's history, a row 终止参保 beside the row of the current employer),
     * else the first one. Its status, psn_type and balance go together.
     */
    public Optional<Insurance> insurance(String insutype) {
        Optional<Insurance> inForce = insurances.stream().filter(i -> i.insutype().equals(insutype) && i.inForce()).findFirst();
        return inForce.isPresent() ? inForce : insurances.stream().filter(i -> i.insutype().equals(insutype)).findFirst();
    }

    /** Whether {@code row} (one of this person's) is the row of its insutype that a settlement uses ({@link #insurance}). */
    public boolean settlesOn(Insurance row) {
        return insurance(row.insutype()).orElseThrow() == row;
    }

    /** The accumulators of {@code group} in {@code year}; zeros when the person has no row. */
    public Accumulators accumulators(String group, int year) {
        for (YearAccumulators a : accumulators) {
            if (a.year() == year && a.group().equals(group)) return a.values();
        }
        return Accumulators.ZERO;
    }

    /** True when an approved 门慢门特 for {@code diseCode} is valid on {@code date}. */
    public boolean hasOpsp(String diseCode, LocalDate date) {
        return opsp.stream().anyMatch(o -> o.diseCode().equals(diseCode) && o.validOn(date));
    }
}
