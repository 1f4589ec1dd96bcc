package org.yibao.terminal.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.yibao.provisioning.update.CatchUp;

/**
 * A stand-in for the centre in fleet tests that need no broker: always connected (one
 * connection), answering every catch-up with what {@code answer} gives (inline when asked so),
 * keeping the requests.
 */
final class StandInCentre implements CentreChannel {
    private final Supplier<CatchUp.Answer> answer;
    private final long maxPacket;
    private final AtomicInteger asks = new AtomicInteger();
    private final List<CatchUp.Request> requests = new CopyOnWriteArrayList<>();

    StandInCentre(Supplier<CatchUp.Answer> answer) {
        this(answer, 0);
    }

    /** A stand-in over an uplink that declared {@code maxPacket} bytes as its largest message. */
    StandInCentre(Supplier<CatchUp.Answer> answer, long maxPacket) {
        this.answer = answer;
        this.maxPacket = maxPacket;
    }

    /** A centre with nothing for the device. */
    static StandInCentre withNothing() {
        return new StandInCentre(() -> new CatchUp.Answer(List.of(), false));
    }

    int asks() {
        return asks.get();
    }

    /** The catch-up requests the device sent, in order. */
    List<CatchUp.Request> requests() {
        return requests;
    }

    @Override
    public long maxPacketBytes() {
        return maxPacket;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public long connections() {
        return 1;
    }

    @Override
    public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
        asks.incrementAndGet();
        CatchUp.Request request = CatchUp.Request.parse(body);
        requests.add(request);
        return Optional.of(answer.get().toJson(request.inline()));
    }
}
