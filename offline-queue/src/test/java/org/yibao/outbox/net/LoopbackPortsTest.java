package org.yibao.outbox.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts.Range;

class LoopbackPortsTest {

    @Test
    void aPortIsOutsideTheKernelsEphemeralRangeAndBindable() throws Exception {
        Range ephemeral = LoopbackPorts.ephemeralRange();
        int port = LoopbackPorts.free();
        assertTrue(port < ephemeral.low() || port > ephemeral.high(), port + " inside the ephemeral range " + ephemeral);
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void theSpanIsBelowTheEphemeralRangeOrAboveItWhenThereIsNoRoomBelow() {
        assertEquals(new Range(10_000, 32_767), LoopbackPorts.candidates(new Range(32_768, 60_999)));
        assertEquals(new Range(40_001, 65_535), LoopbackPorts.candidates(new Range(1_024, 40_000)));
        assertEquals(new Range(32_768, 60_999), Range.parse("32768\t60999\n"));
    }

    @Test
    void theRangeIsReadFromTheKernelsFile(@TempDir Path dir) throws Exception {
        Path proc = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(proc), "not Linux");
        assertEquals(wholeFile(proc), LoopbackPorts.ephemeralRange());
        // Another procfs file of two numbers, neither of them Linux's default range (which is the fallback).
        Path twoNumbers = Path.of("/proc/sys/net/ipv4/ping_group_range");
        assertEquals(wholeFile(twoNumbers), LoopbackPorts.ephemeralRange(twoNumbers));
        assertEquals(new Range(1_024, 4_999), LoopbackPorts.ephemeralRange(Files.writeString(dir.resolve("range"), "1024\t4999\n")));
        assertEquals(new Range(32_768, 60_999), LoopbackPorts.ephemeralRange(dir.resolve("absent")));
    }

    @Test
    void noPortIsHandedOutTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) assertTrue(seen.add(LoopbackPorts.free()), "handed out twice");
    }

    @Test
    void aPortWithAListenerIsNotHandedOut() throws Exception {
        int port = LoopbackPorts.free();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
            // A span of the two: port was handed out already, port + 1 is listened on.
            assertThrows(UncheckedIOException.class, () -> LoopbackPorts.freeRun(new Range(port, port + 1), 1));
        }
    }

    @Test
    void aPairIsTwoConsecutiveFreePorts() throws Exception {
        int first = LoopbackPorts.freePair();
        for (int port : new int[] {first, first + 1}) {
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        Range ephemeral = LoopbackPorts.ephemeralRange();
        assertFalse(first + 1 >= ephemeral.low() && first <= ephemeral.high(), first + " touches the ephemeral range " + ephemeral);
    }

    @Test
    void aSpanTooSmallSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoopbackPorts.freeRun(new Range(20_000, 20_000), 2));
        assertTrue(e.getMessage().contains("no room for 2"), e.getMessage());
    }

    private static Range wholeFile(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Range.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
