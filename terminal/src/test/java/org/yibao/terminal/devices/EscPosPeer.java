package org.yibao.terminal.devices;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A network receipt printer on a loopback port, as its firmware behaves: it answers the
 * real-time status requests {@code DLE EOT n} with "ready" (0x12) and keeps every other byte,
 * over as many connections as the driver opens. Stopped by {@link #close()}.
 */
public final class EscPosPeer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread acceptor = Thread.ofPlatform().daemon().name("escpos-peer").start(this::acceptAll);

    public EscPosPeer() throws IOException {
    }

    public int port() {
        return server.getLocalPort();
    }

    public synchronized byte[] received() {
        return received.toByteArray();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                serve(in, out);
            } catch (IOException e) {
                // connection ended or server closed
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            if (b == 0x10) {
                int eot = in.read();
                int n = in.read();
                if (eot == 0x04) {
                    out.write(0x12);
                    out.flush();
                    continue;
                }
                keep(b);
                if (eot >= 0) keep(eot);
                if (n >= 0) keep(n);
                continue;
            }
            keep(b);
        }
    }

    private synchronized void keep(int b) {
        received.write(b);
    }

    @Override public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
