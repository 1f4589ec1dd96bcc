package org.yibao.provisioning.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void aWriteThatFailsLeavesNoTempFileBesideItsTarget() throws Exception {
        Path target = Files.createDirectories(dir.resolve("device.key"));
        Files.writeString(target.resolve("inside"), "a folder where the file was meant: the rename fails");

        assertThrows(IOException.class, () -> AtomicFiles.write(target, "-----BEGIN PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII), true));

        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList(), "only the target: no half-written .device.key.tmp-PID");
        }
    }

    @Test
    void aWriteReplacesTheTargetWhole() throws Exception {
        Path target = dir.resolve("config.json");
        AtomicFiles.write(target, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), false);
        AtomicFiles.write(target, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), true);
        assertArrayEquals("{\"a\":2}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList());
        }
    }
}
