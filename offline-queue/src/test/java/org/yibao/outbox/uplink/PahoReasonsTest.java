package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** What real Paho connects give, said in Chinese: nobody listening, a listener that never answers, TLS to a plain server. */
class PahoReasonsTest {

    private static MqttException connect(String uri) throws MqttException {
        MqttClient client = new MqttClient(uri, "paho-reasons-test", new MemoryPersistence());
        client.setTimeToWait(2000); // without it, Paho waits for ever on a listener that never answers
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(1);
        try {
            return assertThrows(MqttException.class, () -> client.connect(options));
        } finally {
            client.disconnectForcibly(0, 100, false); // a connect that timed out is still in progress
            client.close(true);
        }
    }

    /** A server that answers its first client as a web server would, then reads until it goes. */
    private static Thread answersHttp(ServerSocket listening) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = listening.accept(); OutputStream out = s.getOutputStream()) {
                out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(new byte[256]);
            } catch (IOException ignored) {
                // the client has gone: nothing to answer
            }
        });
    }

    @Test
    void nobodyListeningIsNoConnection() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        MqttException e = connect("tcp://127.0.0.1:" + port);
        assertEquals(32103, e.getReasonCode(), e.toString());
        assertEquals("无法建立连接（服务器未运行，或地址、端口不对）", PahoReasons.chinese(e));
    }

    @Test
    void aListenerThatNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MqttException e = connect("tcp://127.0.0.1:" + silent.getLocalPort());
            assertEquals(32000, e.getReasonCode(), e.toString());
            assertEquals("连接超时（服务器无应答）", PahoReasons.chinese(e));
        }
    }

    @Test
    void tlsToAPlainServerIsAHandshakeFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = answersHttp(plain);
            MqttException e = connect("ssl://127.0.0.1:" + plain.getLocalPort());
            assertTrue(PahoReasons.chinese(e).startsWith("TLS 握手失败"), e + " -> " + PahoReasons.chinese(e));
            server.join(5000);
        }
    }

    /**
     * A broker name that does not resolve (a typo in the run file, the pharmacy's DNS down) is said
     * to be that, over TLS too: it was taken for the broker refusing the device's certificate, which
     * sent the technician to {@code provision status} and the centre's CA instead of the name.
     * ({@code .invalid} never resolves: RFC 6761.)
     */
    @Test
    void aBrokerNameThatDoesNotResolveIsSaidSo() throws Exception {
        for (String uri : new String[] {"ssl://broker.invalid:8883", "tcp://broker.invalid:1883"}) {
            MqttException e = connect(uri);
            String said = PahoReasons.chinese(e, uri);
            assertEquals("无法解析服务器地址 broker.invalid（主机名有误，或本机 DNS 不可用）", said, e + " -> " + said);
        }
    }

    @Test
    void aServerThatIsNotABrokerIsSaidToBeAnotherService() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = answersHttp(http);
            MqttException e = connect("tcp://127.0.0.1:" + http.getLocalPort());
            assertEquals(50002, e.getReasonCode(), e.toString());
            assertEquals("对方的应答不是 MQTT 报文（地址、端口可能指向了别的服务；错误码 50002）", PahoReasons.chinese(e));
            server.join(5000);
        }
    }

    @Test
    void aLostConnectionSaysWhoEndedItInChinese() {
        assertEquals("连接被断开", MqttSession.disconnectReason(new MqttDisconnectResponse(new MqttException(32109))));
        assertEquals("消息服务器断开了连接（原因码 142：Session taken over）",
                MqttSession.disconnectReason(new MqttDisconnectResponse(142, "Session taken over", null, null)));
        assertEquals("消息服务器断开了连接（原因码 141）", MqttSession.disconnectReason(new MqttDisconnectResponse(141, null, null, null)));
    }
}
