package org.yibao.drivers.card;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validated, immutable card-reader settings.
 *
 * @param driver          {@code "pcsc"} or {@code "simulated"}
 * @param readerPattern   a regular expression a reader name must contain a match of
 * @param transmitTimeout the longest one APDU exchange may take
 * @param pollInterval    how often a wait re-checks readers, cards and the service
 */
public record CardReaderConfig(String driver, Pattern readerPattern, Duration transmitTimeout,
                               Duration pollInterval) {
    public static final String PCSC = "pcsc";
    public static final String SIMULATED = "simulated";

    public CardReaderConfig {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(readerPattern, "readerPattern");
        if (!driver.equals(PCSC) && !driver.equals(SIMULATED)) {
            throw new IllegalArgumentException("card reader driver must be pcsc or simulated, not " + driver);
        }
        requirePositive(transmitTimeout, "transmitTimeout");
        requirePositive(pollInterval, "pollInterval");
    }

    /** Defaults: 10 s per APDU, 200 ms polling. {@code pattern} null or blank means any reader. */
    public static CardReaderConfig of(String driver, String pattern) {
        return new CardReaderConfig(driver, compile(pattern), Duration.ofSeconds(10), Duration.ofMillis(200));
    }

    /** Whether a reader name is one of ours. */
    public boolean matches(String readerName) {
        return readerPattern.matcher(readerName).find();
    }

    private static Pattern compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return Pattern.compile("");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("reader pattern is not a valid regular expression: " + pattern, e);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
