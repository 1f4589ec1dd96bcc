package org.yibao.terminal.api.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.util.Optional;
import org.yibao.terminal.api.envelope.EnvelopeReason;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.StorageFailures;

/**
 * Failures of the machine under the terminal that a technician can fix, told in words instead
 * of a stack trace or "终端内部错误": storage full (1018; SQLite's {@code SQLITE_FULL}, or a file
 * write that found no space) and the API port held by another program (1017). Recognised
 * anywhere in an exception's cause chain; the local API answers them and every command prints
 * them as refusals.
 */
public final class HostFailures {
    /** Causes followed at most (a cycle or a very deep chain ends the search). */
    private static final int MAX_DEPTH = 32;

    /** What the terminal's database promises after SQLITE_FULL: the failed transaction rolled back. */
    static final String NOTHING_WRITTEN = "未写入任何数据";

    private HostFailures() {
    }

    /** The refusal that says what happened, or empty when {@code failure} is none of these. */
    public static Optional<Refusal> refusal(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof ApiPortInUseException taken) {
                return Optional.of(new Refusal(EnvelopeReason.PORT_IN_USE, portInUse(taken.address())));
            }
            if (StorageFailures.isDatabaseFull(cause)) {
                return Optional.of(new Refusal(EnvelopeReason.STORAGE_FULL, NOTHING_WRITTEN));
            }
            if (isNoSpace(cause)) {
                return Optional.of(new Refusal(EnvelopeReason.STORAGE_FULL, cause instanceof FileSystemException f && f.getFile() != null
                        ? "文件未写完：" + f.getFile() : ""));
            }
        }
        return Optional.empty();
    }

    /** ENOSPC or EDQUOT: the JDK gives no errno, only the system's message for it. */
    private static boolean isNoSpace(Throwable t) {
        String message = t.getMessage();
        return t instanceof IOException && message != null
                && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }

    private static String portInUse(InetSocketAddress address) {
        return address.getPort() + "（" + address.getAddress().getHostAddress() + "）；请停止占用该端口的程序，或改用其他端口";
    }
}
