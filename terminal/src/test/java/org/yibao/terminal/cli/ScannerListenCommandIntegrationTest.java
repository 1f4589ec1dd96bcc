package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code terminal scanner listen} as its own process on a socat pty pair. */
class ScannerListenCommandIntegrationTest {
    @TempDir Path dir;
    private Process socat;
    private OutputStream line;

    @BeforeEach void plug() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/socat"))) {
            throw new IllegalStateException("socat missing: run .ci/install-test-packages as root");
        }
        socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + dir.resolve("ttyScan"),
                "pty,raw,echo=0,link=" + dir.resolve("ttyHost")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(dir.resolve("ttyScan")) && Files.exists(dir.resolve("ttyHost")))) {
            assertTrue(socat.isAlive() && System.nanoTime() < deadline, "socat did not create the pty pair");
            Thread.sleep(20);
        }
        line = Files.newOutputStream(dir.resolve("ttyHost"));
    }

    @AfterEach void unplug() throws Exception {
        try {
            line.close();
        } catch (IOException gone) {
            // the pty went with socat
        }
        socat.destroyForcibly().waitFor();
    }

    private void send(byte[] bytes) throws IOException {
        line.write(bytes);
        line.flush();
    }

    private CliProcess listen(String... options) throws Exception {
        String[] args = new String[5 + options.length];
        args[0] = "scanner";
        args[1] = "listen";
        args[2] = "--port";
        args[3] = dir.resolve("ttyScan").toString();
        args[4] = "--seconds=60";
        System.arraycopy(options, 0, args, 5, options.length);
        CliProcess cli = CliProcess.start(Map.of(), args);
        assertTrue(cli.awaitErr("：已连接"), "scanner listen never connected");
        return cli;
    }

    @Test void printsGbkScansWithPrefixAndAimIdRemovedAndSurvivesAReplug() throws Exception {
        Charset gbk = Charset.forName("GBK");
        CliProcess cli = listen("--charset", "GBK", "--prefix", "SC:", "--unmasked");
        send("SC:]Q1李四 药店\r".getBytes(gbk));
        send("6901234567892\t".getBytes(gbk));
        assertEquals("李四 药店", cli.nextOut());
        assertEquals("6901234567892", cli.nextOut());
        unplug();
        assertTrue(cli.awaitErr("：已断开，正在重连"), "unplug not noticed");
        plug();
        assertTrue(cli.awaitErr("：已连接"), "no reconnection after replug");
        send("AFTER\r\n".getBytes(gbk));
        assertEquals("AFTER", cli.nextOut());
        cli.terminate();
    }

    @Test void masksEVouchersUnlessAskedAndPrintsUtf8Chinese() throws Exception {
        CliProcess cli = listen();
        String voucher = "YBEC1.eyJhbGciOiJTTTIifQ.eyJ2ZXIiOjF9.MEUCIQDx";
        send((voucher + "\r").getBytes(StandardCharsets.UTF_8));
        send("张三 门诊\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("YBEC1.*** (" + voucher.length() + " chars)", cli.nextOut());
        assertEquals("张三 门诊", cli.nextOut());
        cli.terminate();
    }

    /**
     * A scanner set to send no suffix: nothing ever reaches stdout, and a technician needs to be
     * told why. The bytes left without a terminator past the frame gap are dropped (half a code
     * must never glue onto the next), and stderr says what to set, once the next bytes come.
     */
    @Test void bytesLeftWithoutATerminatorAreDroppedAndTheTechnicianIsToldWhatToSet() throws Exception {
        CliProcess cli = listen();
        send("6901234567892".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(2_000); // silence well past the 500 ms frame gap: the scanner sent its whole code without a suffix
        send("NEXT\r".getBytes(StandardCharsets.UTF_8));
        assertTrue(cli.awaitErr("收到 13 字节后没有结束符（回车或换行），已丢弃；若每次扫码都如此，请把扫码器设置为在条码后发送回车（CR）"),
                "the technician was not told of the dropped bytes and what to set");
        assertEquals("NEXT", cli.nextOut());
        cli.terminate();
    }

    @Test void aPortThatNeverOpensExitsWithOne() throws Exception {
        CliProcess.Result r = CliProcess.run(Map.of(), "scanner", "listen", "--port",
                dir.resolve("no-such-tty").toString(), "--seconds=1");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("1810 扫码器串口始终未能打开"), r.err());
        assertTrue(r.err().contains("no-such-tty"), r.err());
    }
}
