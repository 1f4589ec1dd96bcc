package org.yibao.drivers.testrig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This JVM's open file descriptors and live threads, read from /proc and the JVM: what a device
 * adapter must give back after each fault and recovery, however many times it happens in the field.
 */
public final class ProcessResources {
    private ProcessResources() {
    }

    /** Open file descriptors of this process. */
    public static int openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** Live threads of this JVM. */
    public static int threads() {
        return Thread.getAllStackTraces().size();
    }
}
