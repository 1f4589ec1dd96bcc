package org.yibao.terminal.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times the terminal keeps as {@code Instant.toString()} text and compares in SQL. That text leaves
 * out a zero fraction ({@code …00Z}, {@code …00.500Z}), and {@code '.'} sorts below {@code 'Z'}, so
 * comparing two such texts is wrong within one second: half a second after a whole second sorts
 * below it.
 */
public final class InstantText {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private InstantText() {}

    /**
     * The text below which exactly the stored times of seconds before {@code cutoff}'s own second
     * sort: the second without fraction or zone, which every time of that second extends. A time
     * within the cutoff's second is not below it (kept up to a second longer, never shorter).
     */
    public static String earlierSecondsBelow(Instant cutoff) {
        return SECONDS.format(cutoff.truncatedTo(ChronoUnit.SECONDS));
    }
}
