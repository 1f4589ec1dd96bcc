package org.yibao.outbox.uplink;

import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Why Paho could not reach or keep the broker, in Chinese for the technician (Paho's own text is
 * English): the client's reason codes (32xxx) and the broker's MQTT v5 CONNACK reason codes.
 */
public final class PahoReasons {
    private PahoReasons() {
    }

    /** The reason for {@code e}, with its code so the technician can look it up. */
    public static String chinese(MqttException e) {
        if (causedByTls(e)) return "TLS 握手失败（证书不被信任、已过期，或与服务器不匹配）";
        return switch (e.getReasonCode()) {
            case 32103 -> "无法建立连接（服务器未运行，或地址、端口不对）";
            case 32000 -> "连接超时（服务器无应答）";
            case 32109, 32110 -> "连接被断开";
            case 50002 -> "对方的应答不是 MQTT 报文（地址、端口可能指向了别的服务；错误码 50002）";
            case 50003 -> "服务器不支持 MQTT 5（错误码 50003）";
            case 134, 135 -> "服务器拒绝连接：未获授权（原因码 " + e.getReasonCode() + "）";
            case 128, 131, 132, 133, 136, 137, 138, 140, 149, 151, 156, 157, 159 ->
                    "服务器拒绝连接（原因码 " + e.getReasonCode() + "）";
            default -> "连接失败（错误码 " + e.getReasonCode() + "）";
        };
    }

    private static boolean causedByTls(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) return true;
        }
        return false;
    }
}
