package org.yibao.terminal.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The log lines the shipped {@code logback.xml} writes carry Beijing time, as the settlements,
 * receipts and msgids they are read beside do, on a device whose operating system was left in
 * another zone (here Pacific/Honolulu, 18 hours from Beijing).
 */
class LogTimeTest {

    @Test
    void logLinesCarryBeijingTimeWhateverZoneTheSystemWasLeftIn() throws Exception {
        TimeZone systemZone = TimeZone.getDefault();
        PrintStream stderr = System.err;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext(); // its own, as the program's is at start
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Honolulu"));
            System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogTimeTest.class.getResource("/logback.xml"));
            context.getLogger("org.yibao.terminal.app.LogTimeTest").warn("终端时间检查");
        } finally {
            context.stop();
            System.setErr(stderr);
            TimeZone.setDefault(systemZone);
        }
        String line = written.toString(StandardCharsets.UTF_8);
        Matcher time = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2})\\.\\d{3} WARN .*终端时间检查", Pattern.MULTILINE).matcher(line);
        assertTrue(time.find(), line);
        LocalTime logged = LocalTime.parse(time.group(1));
        LocalTime beijing = LocalTime.now(BeijingTime.ZONE);
        long apart = Math.abs(Duration.between(logged, beijing).toMinutes());
        assertTrue(apart <= 1 || apart >= 24 * 60 - 1, "logged at " + logged + ", Beijing time is " + beijing + ": " + line);
    }
}
