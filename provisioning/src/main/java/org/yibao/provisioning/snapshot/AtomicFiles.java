package org.yibao.provisioning.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over
 * the target (atomic on one file system), fsync the folder. A reader sees the old bytes or the
 * new bytes, never a torn file. Files are created owner-only (0600) when asked.
 */
public final class AtomicFiles {
    /** Owner read/write only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes} atomically; {@code ownerOnly} makes it mode 0600. */
    public static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try {
            if (ownerOnly) Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            removeQuietly(temp, e);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * A write that failed (a full disk, the target a folder) leaves no half-written temp file
     * beside its target: a device key's would be part of a private key left lying in keys/.
     */
    private static void removeQuietly(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Creates {@code target} with {@code bytes}, refusing when it exists (no replacement). */
    public static void create(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        if (Files.exists(target)) throw new FileAlreadyExistsException(target.toString());
        write(target, bytes, ownerOnly);
    }

    /** fsyncs a folder so a rename in it survives a power cut. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
