package org.yibao.terminal.flow.clinic;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.flow.FlowReason;

/**
 * Whether 2204's fee lines belong to the visit in time: a line that occurred on a day before the
 * visit began (its 2201 begntime) is another visit's, and would be settled a second time under this
 * one. Weighed by the day, not the second: the host's clock stamping fees and the one it registered
 * with may differ by minutes. A line without fee_ocur_time, or a visit registered without a
 * begntime, is not weighed.
 */
final class VisitTimes {
    private VisitTimes() {
    }

    /**
     * 1379 naming the first line ({@code linesPath[i].fee_ocur_time}) whose time in {@code feeTimes}
     * is on a day before {@code begntime}'s (yyyy-MM-dd HH:mm:ss, or "" when not sent); else empty.
     */
    static Optional<Refusal> feeBeforeVisit(List<Optional<LocalDateTime>> feeTimes, String begntime, String linesPath) {
        if (begntime.isEmpty()) return Optional.empty();
        LocalDate begin = LocalDateTime.parse(begntime, Timestamps.TIME).toLocalDate();
        for (int i = 0; i < feeTimes.size(); i++) {
            Optional<LocalDateTime> at = feeTimes.get(i);
            if (at.isPresent() && at.get().toLocalDate().isBefore(begin)) {
                return Optional.of(new Refusal(FlowReason.FEE_BEFORE_VISIT, linesPath + "[" + i + "].fee_ocur_time "
                        + at.get().format(Timestamps.TIME) + "，挂号时间 " + begntime));
            }
        }
        return Optional.empty();
    }
}
