package org.yibao.terminal.flow.settle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.api.json.JsonFields;
import org.yibao.terminal.api.json.JsonInputReason;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.receipt.Receipt;

/**
 * {@code term_receipt_reprint} (input {@code data.setl_id}, optional {@code data.kind}
 * "settlement" or "reversal"): prints the kept receipt of a settlement again, marked 重打: the
 * one asked for, else the latest (the reversal's once reversed). A printer problem is refused with its 18xx code (nothing
 * recorded, so the host may retry once the paper is in); an unknown setl_id is 1360, a kind the
 * settlement has no receipt of (a reversal's of one never reversed) 1364, a receipt deleted after
 * {@code retention.receipt_days} (the settlement still stored) 1380.
 */
public final class ReprintHandler implements TransactionHandler {
    public static final String INFNO = "term_receipt_reprint";
    private final ReceiptDesk desk;

    public ReprintHandler(ReceiptDesk desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    @Override
    public Reply handle(Call call) throws SQLException {
        JsonNode data = JsonFields.requiredObject(call.envelope().input(), "data", "input");
        String setlId = JsonFields.requiredText(data, "setl_id", "input.data");
        Optional<Receipt.Kind> kind = kind(data);
        Optional<Optional<Refusal>> printed = desk.reprint(setlId, kind);
        if (printed.isEmpty()) return new Reply.Refused(new Refusal(desk.whyNotKept(setlId, kind), "setl_id " + setlId));
        if (printed.get().isPresent()) return new Reply.Refused(printed.get().get());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("data").put("setl_id", setlId).put("printed", "1");
        return new Reply.Success(out, "");
    }

    /** {@code data.kind}: "settlement", "reversal", or absent / "" for the latest; anything else is 1028. */
    private static Optional<Receipt.Kind> kind(JsonNode data) {
        String kind = JsonFields.text(data, "kind", "input.data");
        if (kind.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Receipt.Kind.valueOf(kind.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(JsonInputReason.BAD_VALUE, "input.data.kind 应为 settlement 或 reversal：" + kind);
        }
    }
}
