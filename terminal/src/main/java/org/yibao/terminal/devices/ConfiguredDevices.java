package org.yibao.terminal.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.indicator.ExecutorScheduler;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.scanner.CodeScannerPort;
import org.yibao.provisioning.selftest.DeviceChecks;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.voucher.VoucherDecoder;

/**
 * The devices {@link DeviceFactory} made from one configuration, handed to the self-test (each
 * real one checked, simulated ones skipped, failed ones a FAIL) or to the service ({@link
 * #forRun}). {@link #close()} releases every one of them.
 */
public final class ConfiguredDevices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredDevices.class);
    private final DeviceSlot<CardReaderPort> cardReader;
    private final DeviceSlot<CodeScannerPort> scanner;
    private final DeviceSlot<ReceiptPrinter> printer;
    private final DeviceSlot<Indicators> indicators;
    private final ExecutorScheduler scheduler;

    ConfiguredDevices(DeviceSlot<CardReaderPort> cardReader, DeviceSlot<CodeScannerPort> scanner,
                      DeviceSlot<ReceiptPrinter> printer, DeviceSlot<Indicators> indicators, ExecutorScheduler scheduler) {
        this.cardReader = cardReader;
        this.scanner = scanner;
        this.printer = printer;
        this.indicators = indicators;
        this.scheduler = scheduler;
    }

    public DeviceSlot<CardReaderPort> cardReader() {
        return cardReader;
    }

    public DeviceSlot<CodeScannerPort> scanner() {
        return scanner;
    }

    public DeviceSlot<ReceiptPrinter> printer() {
        return printer;
    }

    public DeviceSlot<Indicators> indicators() {
        return indicators;
    }

    /** What the self-test checks: the real devices; simulated ones SKIP, failed ones FAIL. */
    public DeviceChecks.Devices forSelftest() {
        return new DeviceChecks.Devices(part(cardReader), part(scanner), part(printer), part(indicators));
    }

    private static <T> DeviceChecks.Part<T> part(DeviceSlot<T> slot) {
        return switch (slot) {
            case DeviceSlot.Real<T>(T port, String what) -> new DeviceChecks.Part.Present<>(port);
            case DeviceSlot.Simulated<T> s -> new DeviceChecks.Part.Skipped<>("配置为模拟设备，无实物可检");
            case DeviceSlot.Failed<T>(String why) -> new DeviceChecks.Part.Broken<>(why);
        };
    }

    /** Why each device that could not be made failed (empty when all were made). */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (DeviceSlot<?> slot : List.of(cardReader, scanner, printer, indicators)) {
            if (slot instanceof DeviceSlot.Failed<?>(String why)) out.add(why);
        }
        return out;
    }

    /**
     * The service's devices: the scanner is opened into a {@link ScanInbox} and its reads are
     * verified by {@code vouchers}. Refused (an {@link IllegalStateException} naming why) when a
     * configured device could not be made.
     */
    public FlowDevices forRun(VoucherDecoder vouchers) {
        List<String> failures = failures();
        if (!failures.isEmpty()) throw new IllegalStateException(String.join("；", failures));
        ScanInbox inbox = new ScanInbox();
        port(scanner).open(inbox);
        return new FlowDevices(port(printer), port(indicators),
                Optional.of(new CardReadService(port(cardReader), new SocialSecurityCardReader())),
                Optional.of(inbox), Optional.of(vouchers));
    }

    private static <T> T port(DeviceSlot<T> slot) {
        return switch (slot) {
            case DeviceSlot.Real<T>(T port, String what) -> port;
            case DeviceSlot.Simulated<T>(T port) -> port;
            case DeviceSlot.Failed<T>(String why) -> throw new IllegalStateException(why);
        };
    }

    /** Releases every device that was made, each on its own (one failing close does not skip the rest). */
    @Override public void close() {
        for (DeviceSlot<?> slot : List.of(scanner, cardReader, printer, indicators)) {
            Object port = switch (slot) {
                case DeviceSlot.Real<?> r -> r.port();
                case DeviceSlot.Simulated<?> s -> s.port();
                case DeviceSlot.Failed<?> f -> null;
            };
            if (port instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing {}: {}", port.getClass().getSimpleName(), e.toString());
                }
            }
        }
        scheduler.close();
    }
}
