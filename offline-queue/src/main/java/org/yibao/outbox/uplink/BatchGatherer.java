package org.yibao.outbox.uplink;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.StoredMessage;

/**
 * Gathers the next publish of a lane from the read-ahead: up to the configured batch size and
 * about {@link #BATCH_BYTES}, each message taking a token of the catch-up rate, never a message
 * that is busy (in flight, or with an outcome not yet committed). A message no packet the broker
 * accepts can carry is set aside for an operator instead.
 */
final class BatchGatherer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchGatherer.class);
    /**
     * At most about this many bytes in one publish of a batch, and never more than the broker's
     * maximum packet size less {@link #PACKET_OVERHEAD} (a broker refuses a larger packet by
     * dropping the connection, and the same batch would be refused again after every reconnect).
     */
    static final long BATCH_BYTES = 64 * 1024;
    /** Room in a packet for its fixed header, topic and properties. */
    static final long PACKET_OVERHEAD = 1024;

    private final int batchMax;
    private final Prefetch prefetch;
    private final RateLimiter rate;
    private final Supplier<Set<String>> busy;
    private final Consumer<Outcome> setAside;
    private final LastError errors;
    private final String deviceId;

    /**
     * @param busy     the ids that must not be handed out now (a new mutable set each call)
     * @param setAside takes the outcome of a message set aside as too large
     */
    BatchGatherer(String deviceId, int batchMax, Prefetch prefetch, RateLimiter rate, Supplier<Set<String>> busy,
                  Consumer<Outcome> setAside, LastError errors) {
        this.deviceId = deviceId;
        this.batchMax = batchMax;
        this.prefetch = prefetch;
        this.rate = rate;
        this.busy = busy;
        this.setAside = setAside;
        this.errors = errors;
    }

    /**
     * Fills {@code batch} with the next deliverable messages of {@code lane} that fit one publish
     * on {@code session} (at least one message). Returns whether the rate stopped it.
     */
    boolean gather(Lane lane, int window, MqttSession session, List<StoredMessage> batch) throws SQLException {
        long maxBytes = batchBytes(session);
        long bytes = 0;
        while (batch.size() < batchMax) {
            StoredMessage message = prefetch.next(lane, Math.max(window, batchMax), () -> unavailable(batch));
            if (message == null) {
                return false;
            }
            long size = wireSize(message, deviceId);
            if (size > session.serverMaximumPacketSize() - PACKET_OVERHEAD) {
                setAside(message, session.serverMaximumPacketSize());
                continue;
            }
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                prefetch.pushBack(message);
                return false;
            }
            if (!rate.tryAcquire()) {
                prefetch.pushBack(message);
                return true;
            }
            batch.add(message);
            bytes += size;
        }
        return false;
    }

    /** Puts a batch that was not published back at the head of its lane, in its order. */
    void pushBack(List<StoredMessage> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            prefetch.pushBack(batch.get(i));
        }
    }

    /** How many bytes of envelopes one publish on {@code session} may carry. */
    static long batchBytes(MqttSession session) {
        return Math.min(BATCH_BYTES, session.serverMaximumPacketSize() - PACKET_OVERHEAD);
    }

    /**
     * At most how many bytes {@code message} takes in a publish: its payload in base64 and the
     * envelope's fields, the texts (id, device, type, class, key) counted as JSON writes them, so
     * long ones (a key may have 128 characters, a type 64) cannot make a batch larger than estimated;
     * {@value #ENVELOPE_FRAME} bytes at least for the field names, numbers and a batch's comma.
     */
    static long wireSize(StoredMessage message, String deviceId) {
        long texts = jsonBytes(message.id()) + jsonBytes(deviceId) + jsonBytes(message.type())
                + jsonBytes(message.messageClass()) + jsonBytes(message.lane().name()) + jsonBytes(message.orderKey());
        return 4L * ((message.payload().length + 2) / 3) + Math.max(300, ENVELOPE_FRAME + texts);
    }

    /** The envelope's field names, quotes, separators and numbers (createdAt, attempt), and a comma in a batch. */
    static final long ENVELOPE_FRAME = 170;

    /** At most how many bytes JSON takes for {@code text} (UTF-8; a control character escaped as six). */
    private static long jsonBytes(String text) {
        if (text == null) return 0;
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            bytes += ch < 0x20 ? 6 : ch == '"' || ch == '\\' ? 2 : ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
        }
        return bytes;
    }

    /**
     * Ids the outbox must not hand out now: the busy ones, and those taken into the batch being
     * gathered (still PENDING in the outbox: a refill of the read-ahead in the middle of a batch
     * handed them out again, and they were published twice).
     */
    private Set<String> unavailable(List<StoredMessage> gathering) {
        Set<String> ids = busy.get();
        for (StoredMessage message : gathering) ids.add(message.id());
        return ids;
    }

    /**
     * A message larger than the broker accepts could never be published (the broker would close
     * the connection at every attempt, holding up everything else): it waits for an operator.
     */
    private void setAside(StoredMessage message, long packetLimit) {
        errors.record("报文 " + message.id() + "（" + message.payload().length + " 字节）超出消息服务器允许的 "
                + packetLimit + " 字节，已搁置待人工处理");
        LOG.warn("uplink: message {} of {} bytes exceeds the broker's maximum packet size {}; NEEDS_ATTENTION",
                message.id(), message.payload().length, packetLimit);
        setAside.accept(new Outcome.Unsendable(message.id(), Uplink.UNSENDABLE_CODE,
                "报文过大（" + message.payload().length + " 字节），超出消息服务器允许的 " + packetLimit + " 字节，无法上传"));
    }
}
