package org.yibao.drivers.printer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Raw TCP to a network printer (port 9100). A status answer is awaited half the operation
 * timeout, so that a silent printer is reported as such before the whole deadline passes.
 */
public final class TcpLink implements PrinterLink {
    private final String host;
    private final int port;
    private final int timeoutMs;
    private final Socket socket = new Socket();
    private OutputStream out;
    private InputStream in;

    public TcpLink(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMs = (int) Math.max(1, timeout.toMillis());
    }

    @Override
    public void open() throws IOException {
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(Math.max(1, timeoutMs / 2));
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            close();
            throw new LinkUnavailableException(timeoutMs + " 毫秒内无法连接：" + LinkErrors.why(e), e);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new LinkIoException("发送中断：" + LinkErrors.why(e), e);
        }
    }

    @Override
    public int readByte() throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            throw new LinkIoException("读取状态中断：" + LinkErrors.why(e), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing to abort or release: nothing more to do
        }
    }
}
