package org.yibao.outbox.uplink;

import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Why Paho could not reach or keep the broker, in Chinese for the technician (Paho's own text is
 * English): the client's reason codes (32xxx) and the broker's MQTT v5 CONNACK reason codes.
 */
public final class PahoReasons {
    /** TLS alerts (RFC 8446 §6.2) a server sends about the client's certificate. */
    private static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied",
            "certificate_required");

    /** A broker refusing the device's own certificate. */
    private static final String OUR_CERTIFICATE_REFUSED =
            "TLS 连接被服务器拒绝：服务器多半不接受本机证书（已过期、尚未生效或不是中心签发，请查看 provision status）";

    private PahoReasons() {
    }

    /** The reason for {@code e}, with its code so the technician can look it up. */
    public static String chinese(MqttException e) {
        String unresolved = unresolvedHost(e);
        if (unresolved != null) return unresolved;
        String tls = tlsReason(e);
        if (tls != null) return tls;
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

    /**
     * As {@link #chinese(MqttException)} for a connect to {@code serverUri}: over TLS, a broker
     * that ends the connection right after a handshake the device found sound (Paho's 0 or
     * 32109, no TLS error on the device's side) is most often refusing the device's own
     * certificate (expired, not yet valid, not issued by the centre's CA).
     */
    public static String chinese(MqttException e, String serverUri) {
        // a name that did not resolve is Paho's 0 with no TLS error too, but no server was ever reached
        boolean closedAfterTls = unresolvedHost(e) == null && serverUri != null && serverUri.startsWith("ssl://") && !causedByTls(e)
                && (e.getReasonCode() == 0 || e.getReasonCode() == 32109);
        return closedAfterTls ? OUR_CERTIFICATE_REFUSED + "（连接被服务器关闭，错误码 " + e.getReasonCode() + "）" : chinese(e);
    }

    /** The broker's name that did not resolve, said for the technician, when that is among {@code e}'s causes; else null. */
    private static String unresolvedHost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException u) {
                // the JDK's message is the name, or "name: the resolver's English reason"
                String name = u.getMessage() == null ? "" : u.getMessage().split(": ", 2)[0].strip();
                String host = name.isEmpty() ? "" : " " + name;
                return "无法解析服务器地址" + host + "（主机名有误，或本机 DNS 不可用）";
            }
        }
        return null;
    }

    private static boolean causedByTls(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) return true;
        }
        return false;
    }

    /**
     * The TLS failure in {@code e}'s causes, told by whose certificate failed: the device's own
     * check of the broker's certificate (a {@link CertificateException}), or the broker's alert
     * about the device's certificate; null when no TLS failure is among the causes.
     */
    private static String tlsReason(Throwable e) {
        boolean tls = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return "TLS 握手失败：本机不信任服务器证书（不是中心 CA 签发、已过期，或与服务器地址不符）";
            }
            if (cause instanceof SSLException ssl) {
                tls = true;
                String alert = certificateAlert(ssl.getMessage());
                if (alert != null) return OUR_CERTIFICATE_REFUSED + "（服务器告警 " + alert + "）";
            }
        }
        // neither side named a certificate (the broker closed mid-handshake, say): both are possible
        return tls ? "TLS 握手失败：本机不信任服务器证书，或服务器不接受本机证书（已过期、尚未生效或不是中心签发，请查看 provision status）" : null;
    }

    /** The alert's name when {@code message} is the JDK's "Received fatal alert: X" about a certificate, else null. */
    private static String certificateAlert(String message) {
        String prefix = "Received fatal alert: ";
        if (message == null || !message.startsWith(prefix)) return null;
        String alert = message.substring(prefix.length()).strip();
        return CERTIFICATE_ALERTS.contains(alert) ? alert : null;
    }
}
