package org.yibao.terminal.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the demo's customers do at the counter, through the simulated devices' stimuli: insert
 * and take out a 社保卡, and hold a 医保电子凭证 QR (issued for them by the demo platform) under
 * the scanner, read again and again as a real scanner does, until the POS's 1101 has an answer.
 */
final class DemoCustomer {
    /** How often the scanner reads a QR held under it. */
    private static final Duration SCAN_EVERY = Duration.ofMillis(200);

    /** The POS's call made while the customer presents something. */
    interface Waiting<T> {
        T call() throws IOException, InterruptedException;
    }

    private final DemoDevices devices;

    DemoCustomer(DemoDevices devices) {
        this.devices = devices;
    }

    void insertCard(DemoCards.Card card) {
        devices.reader().insertCard(card.simulated());
    }

    void takeCardOut() {
        devices.reader().removeCard();
    }

    /** A fresh 药店购药 voucher for 王老五, valid from {@code now} for two minutes. */
    String wangLaowuVoucher(Instant now) {
        return devices.platform().issue(DemoCards.WANG_LAOWU_PSN_NO, "王老五", DemoCards.WANG_LAOWU_CERTNO, DemoSystem.ADMDVS,
                "310", "12", now);
    }

    /** Holds {@code qr} under the scanner while {@code pos} runs, and returns what it returned. */
    <T> T showing(String qr, Waiting<T> pos) throws IOException, InterruptedException {
        AtomicBoolean answered = new AtomicBoolean();
        Thread customer = Thread.ofVirtual().start(() -> {
            while (!answered.get()) {
                devices.scanner().scan(qr);
                try {
                    Thread.sleep(SCAN_EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return pos.call();
        } finally {
            answered.set(true);
            customer.join();
        }
    }
}
