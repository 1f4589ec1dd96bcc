package org.yibao.terminal.flow;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Objects;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Signal;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.idempotency.MsgidAlreadyRecordedException;

/**
 * The indicators' answer to a transaction that ran, whatever part of it refused: a refusal (a
 * {@link Reply.Refused}, or a {@link RefusedException} read from its input or its visit) shows
 * {@link Signal#REFUSAL}; a failure inside the terminal (the answer is 1019 or a host failure such
 * as 1018) shows {@link Signal#FAULT}, for staff are needed. A success signals nothing here: the
 * receipt desk signals it once the receipt printed (or did not). The same request answered from
 * the msgid store ({@link MsgidAlreadyRecordedException}) is no new outcome and signals nothing.
 * Refusals before the transaction runs (1374, 1376, 10xx envelope, 16xx sign-in) are outside it.
 */
final class OutcomeSignals implements TransactionHandler {
    private final Indicators indicators;
    private final TransactionHandler flow;

    OutcomeSignals(Indicators indicators, TransactionHandler flow) {
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    @Override
    public boolean needsSignIn() {
        return flow.needsSignIn();
    }

    @Override
    public Reply handle(Call call) throws SQLException, IOException {
        Reply reply;
        try {
            reply = flow.handle(call);
        } catch (RefusedException e) {
            indicators.signal(Signal.REFUSAL);
            throw e;
        } catch (MsgidAlreadyRecordedException e) {
            throw e;
        } catch (SQLException | IOException | RuntimeException e) {
            indicators.signal(Signal.FAULT);
            throw e;
        }
        if (reply instanceof Reply.Refused) indicators.signal(Signal.REFUSAL);
        return reply;
    }
}
