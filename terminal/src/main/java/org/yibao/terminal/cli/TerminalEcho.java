package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A terminal behind standard input while the JVM has no console (its output goes to a file or a
 * pipe: {@code > add.log}, {@code | tee add.log}): passwords typed there were shown on the screen.
 * {@link #off()} turns the terminal's echo off with {@code stty} until {@link #close()}. Linux: a
 * terminal is a {@code /dev/pts/N} or {@code /dev/tty*} behind file descriptor 0.
 */
final class TerminalEcho implements AutoCloseable {
    private static final Path STANDARD_INPUT = Path.of("/proc/self/fd/0");

    /** Turns the echo on again when the JVM ends before {@link #close()}: Ctrl-C (SIGINT) at the prompt runs no finally. */
    private final Thread echoOnAtExit = new Thread(TerminalEcho::echoOnQuietly, "terminal-echo-on");

    private TerminalEcho() {
    }

    /** Whether standard input is a terminal (false when that cannot be told). */
    static boolean standardInputIsTerminal() {
        try {
            String device = Files.readSymbolicLink(STANDARD_INPUT).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Turns the echo of the terminal behind standard input off; {@link #close()} turns it on again. */
    static TerminalEcho off() throws IOException {
        TerminalEcho echo = new TerminalEcho();
        Runtime.getRuntime().addShutdownHook(echo.echoOnAtExit);
        try {
            stty("-echo");
        } catch (IOException | RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(echo.echoOnAtExit);
            throw e;
        }
        return echo;
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(echoOnAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook turns it on (again); harmless
        }
        stty("echo");
    }

    private static void echoOnQuietly() {
        try {
            stty("echo");
        } catch (IOException e) {
            // the JVM is ending; nothing else can be done for the terminal
        }
    }

    private static void stty(String setting) throws IOException {
        Process stty = new ProcessBuilder("stty", setting).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!stty.waitFor(10, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                throw new IOException("无法设置终端回显（stty " + setting + "）");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stty " + setting);
        }
    }
}
