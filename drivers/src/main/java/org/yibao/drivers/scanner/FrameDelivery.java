package org.yibao.drivers.scanner;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands framed output to a {@link ScanListener}: scans are delivered, and so are the scans that
 * are no text (undecodable) or too long to keep, as such; noise gets a log line.
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
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) when kind == Frame.Noise.Kind.UNDECODABLE -> undecodable(bytes);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) when kind == Frame.Noise.Kind.TOO_LONG -> tooLong(bytes);
            case Frame.Noise(Frame.Noise.Kind kind, int bytes) ->
                    LOG.info("scanner {}: ignored {} frame ({} bytes)", source, kind, bytes);
        }
    }

    private void undecodable(int bytes) {
        LOG.info("scanner {}: a scan of {} bytes that is not text in the configured charset", source, bytes);
        try {
            listener.onUndecodable(bytes);
        } catch (RuntimeException e) {
            LOG.warn("scanner {}: listener failed on an undecodable scan", source, e);
        }
    }

    private void tooLong(int bytes) {
        LOG.info("scanner {}: a scan of {} bytes, longer than the configured frame", source, bytes);
        try {
            listener.onTooLong(bytes);
        } catch (RuntimeException e) {
            LOG.warn("scanner {}: listener failed on an over-long scan", source, e);
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
