package org.yibao.terminal.flow;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Objects;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.domain.Refusal;

/**
 * A terminal configured as a kiosk ({@link FlowSettings.Mode#KIOSK}) is a kiosk whatever the
 * envelope says: a flow that identifies a person or moves money runs there only for a request
 * sent as a kiosk's ({@code opter_type} 2), so the kiosk's card-or-QR rule and its limits always
 * apply. Any other opter_type is refused 1374 before the flow runs, so nothing is written: the
 * kiosk host is misconfigured and must hear it, rather than be served as a kiosk without knowing.
 */
public final class KioskOnly implements TransactionHandler {
    private final TransactionHandler flow;

    private KioskOnly(TransactionHandler flow) {
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    /** {@code flow} as a terminal in {@code mode} runs it: guarded on a kiosk, unchanged on a counter. */
    public static TransactionHandler inMode(FlowSettings.Mode mode, TransactionHandler flow) {
        return mode == FlowSettings.Mode.KIOSK ? new KioskOnly(flow) : flow;
    }

    @Override
    public boolean needsSignIn() {
        return flow.needsSignIn();
    }

    @Override
    public Reply handle(Call call) throws SQLException, IOException {
        OpterType sent = call.envelope().opterType();
        if (sent != OpterType.KIOSK) {
            return new Reply.Refused(new Refusal(FlowReason.KIOSK_MODE_ONLY, "收到 opter_type " + sent.code()
                    + "；请将自助机主机发出的 opter_type 设为 2"));
        }
        return flow.handle(call);
    }
}
