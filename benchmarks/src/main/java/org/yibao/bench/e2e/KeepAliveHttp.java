package org.yibao.bench.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One POS's HTTP/1.1 connection, kept alive, posting JSON and reading answers with a
 * Content-Length, as the terminal's API sends them. Blocking and single-threaded on purpose:
 * the load generator shares the two cores with the terminal under test, and the JDK's
 * {@code HttpClient} (an asynchronous client with a selector thread per client) took about
 * 1.2 ms of CPU per request there, more than half of what the terminal spent on the 2102 itself
 * (2026-12-04), so the measurement was of the box, not of the terminal.
 */
final class KeepAliveHttp implements AutoCloseable {
    private final URI uri;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveHttp(URI uri) {
        this.uri = uri;
        this.head = ("POST " + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) + " HTTP/1.1\r\nHost: "
                + uri.getHost() + ":" + uri.getPort() + "\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts {@code body} and returns the answer's body; fails on any status but 200. */
    byte[] post(byte[] body) throws IOException {
        if (socket == null) connect();
        out.write(head);
        out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim();
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) length = Integer.parseInt(value);
            if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) close = true;
        }
        if (length < 0) throw new IOException("answer without Content-Length: " + status);
        byte[] answer = in.readNBytes(length);
        if (answer.length != length) throw new IOException("answer cut short: " + answer.length + " of " + length);
        if (close) close();
        if (!status.startsWith("HTTP/1.1 200")) throw new IOException(status + ": " + new String(answer, StandardCharsets.UTF_8));
        return answer;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("connection closed by the terminal");
            if (b != '\r') bytes.write(b);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override public void close() throws IOException {
        if (socket != null) socket.close();
        socket = null;
    }
}
