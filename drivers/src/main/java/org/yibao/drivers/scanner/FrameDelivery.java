package org.yibao.drivers.scanner;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands framed output to a {@link ScanListener}: scans are delivered, and so are the scans that
 * are no text (undecodable) or too long to keep, and bytes dropped for want of a terminator, as
 * such; other noise gets a log line.
 * Scan contents are never logged (a QR may carry an ecToken); only lengths are.
 */
final class FrameDelivery implements Consumer<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDelivery.class);

    private final String source;
    private final ScanListener listener;

    FrameDelivery(String source, ScanListener listener) {
        this.source = source;
        this.listener = listener;
    }

    @Override public void accept(Frame frame) {
        switch (frame) {
            case Frame.Scan(String text) -> deliver(text);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) when kind == Frame.Noise.Kind.UNDECODABLE ->
                    tell("a scan of {} bytes that is not text in the configured charset", bytes, listener::onUndecodable);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) when kind == Frame.Noise.Kind.TOO_LONG ->
                    tell("a scan of {} bytes, longer than the configured frame", bytes, listener::onTooLong);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) when kind == Frame.Noise.Kind.STALE ->
                    tell("{} bytes dropped: no terminator within the frame gap", bytes, listener::onUnterminated);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) ->
                    LOG.info("scanner {}: ignored {} frame ({} bytes)", source, kind, bytes);
        }
    }

    /** Logs {@code what} (with the length, never the content) and tells the listener by {@code call}. */
    private void tell(String what, int bytes, IntConsumer call) {
        LOG.info("scanner {}: " + what, source, bytes);
        try {
            call.accept(bytes);
        } catch (RuntimeException e) {
            LOG.warn("scanner {}: listener failed on a frame of {} bytes", source, bytes, e);
        }
    }

    private void deliver(String text) {
        LOG.debug("scanner {}: scan of {} chars", source, text.length());
        try {
            listener.onScan(text);
        } catch (RuntimeException e) {
            LOG.warn("scanner {}: listener failed on a scan of {} chars", source, text.length(), e);
        }
    }

    void state(ScannerState state) {
        LOG.info("scanner {}: {}", source, state);
        try {
            listener.onStateChange(state);
        } catch (RuntimeException e) {
            LOG.warn("scanner {}: listener failed on state {}", source, state, e);
        }
    }
}
