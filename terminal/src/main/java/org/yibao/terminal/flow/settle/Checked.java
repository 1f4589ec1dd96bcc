package org.yibao.terminal.flow.settle;

import java.util.Objects;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;

/** A settlement that passed every check: the person it is for, whether it is made offline. */
record Checked(Settlement settlement, PersonSnapshot person, boolean offline) {
    Checked {
        Objects.requireNonNull(settlement, "settlement");
        Objects.requireNonNull(person, "person");
    }

    /** warn_msg: the settlement's warnings, then the offline notice. */
    String warnMsg() {
        String w = settlement.warnMsg();
        if (!offline) return w;
        return w.isEmpty() ? SettleCheck.OFFLINE_WARNING : SettleCheck.OFFLINE_WARNING + "；" + w;
    }
}
