package org.yibao.terminal.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.yibao.provisioning.update.CatchUp;

/**
 * A stand-in for the centre in fleet tests that need no broker: always connected (one
 * connection), answering every catch-up with what {@code answer} gives, counting the asks.
 */
final class StandInCentre implements CentreChannel {
    private final Supplier<CatchUp.Answer> answer;
    private final AtomicInteger asks = new AtomicInteger();

    StandInCentre(Supplier<CatchUp.Answer> answer) {
        this.answer = answer;
    }

    /** A centre with nothing for the device. */
    static StandInCentre withNothing() {
        return new StandInCentre(() -> new CatchUp.Answer(List.of(), false));
    }

    int asks() {
        return asks.get();
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
        return Optional.of(answer.get().toJson());
    }
}
