package org.yibao.terminal.devices;

import org.yibao.drivers.scanner.ScannerState;
import org.yibao.terminal.domain.ReasonCode;

/**
 * The code scanner as a technician reads it (device range 18xx, after the printer's 1801-1803):
 * the port never opened, and each connection state in Chinese.
 */
public enum ScannerReason implements ReasonCode {
    NEVER_CONNECTED("1810", "扫码器串口始终未能打开（设备不存在、被占用或无权限），请检查扫码器连接与端口路径");

    private final String code;
    private final String message;

    ScannerReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() {
        return code;
    }

    @Override public String message() {
        return message;
    }

    /** A scanner's connection state in Chinese. */
    public static String state(ScannerState state) {
        return switch (state) {
            case CONNECTED -> "已连接";
            case CONNECTING -> "正在连接";
            case DISCONNECTED -> "已断开，正在重连";
            case CLOSED -> "已关闭";
        };
    }
}
