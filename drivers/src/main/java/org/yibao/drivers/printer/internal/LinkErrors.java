package org.yibao.drivers.printer.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What a failed printer link means, in Chinese for the cashier or technician who reads the
 * receipt warning: the JDK's own text ("Connection refused", "Broken pipe") is English and goes
 * to the log only. Links throw {@link LinkUnavailableException} / {@link LinkIoException} with
 * their text already made here; anything else the JDK throws is described by its type.
 */
public final class LinkErrors {
    private LinkErrors() {
    }

    /** The Chinese description of {@code e}: its own text when a link made it, else by its type. */
    public static String describe(Throwable e) {
        if (e instanceof LinkUnavailableException || e instanceof LinkIoException) return e.getMessage();
        return why(e);
    }

    /** Why a JDK I/O operation failed, by the exception's type (and the socket errors' usual texts). */
    static String why(Throwable e) {
        return switch (e) {
            case ConnectException c -> "连接被拒绝（打印机未开机，或地址、端口不对）";
            case NoRouteToHostException n -> "网络不可达";
            case UnknownHostException u -> "主机名无法解析";
            case SocketTimeoutException t -> "连接超时";
            case NoSuchFileException n -> "设备不存在（未连接或路径不对）";
            case AccessDeniedException a -> "无权限访问设备";
            case FileSystemException f -> "设备无法打开";
            case EOFException eof -> "连接被打印机关闭";
            case ClosedChannelException c -> "连接已关闭";
            case InterruptedIOException i -> "操作被中断";
            case SocketException s when isDrop(s) -> "连接被打印机断开";
            case SocketException s -> "网络连接异常";
            default -> "读写失败";
        };
    }

    private static boolean isDrop(SocketException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("reset") || m.contains("broken pipe") || m.contains("closed");
    }
}
