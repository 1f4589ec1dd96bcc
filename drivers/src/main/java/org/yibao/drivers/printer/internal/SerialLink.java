package org.yibao.drivers.printer.internal;

import com.fazecast.jSerialComm.SerialPort;

import java.io.IOException;
import java.time.Duration;

/** A serial (or USB-serial) printer through jSerialComm, 8N1, no flow control. */
public final class SerialLink implements PrinterLink {
    /** Bytes a UART's hardware FIFO may still hold when the kernel queue is empty. */
    private static final int FIFO_BYTES = 64;
    private static final long FIFO_SETTLE_MIN_MS = 20;
    private final String device;
    private final int baudRate;
    private final int timeoutMs;
    private SerialPort port;

    public SerialLink(String device, int baudRate, Duration timeout) {
        this.device = device;
        this.baudRate = baudRate;
        this.timeoutMs = (int) Math.max(1, timeout.toMillis());
    }

    @Override
    public void open() throws IOException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(device);
        } catch (RuntimeException e) {
            throw new LinkUnavailableException("串口不存在", e);
        }
        p.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                Math.max(1, timeoutMs / 2), timeoutMs);
        if (!p.openPort()) {
            throw new LinkUnavailableException("串口无法打开（设备不存在、被占用或无权限，错误码 "
                    + p.getLastErrorCode() + "）", null);
        }
        p.flushIOBuffers();
        port = p;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int done = 0;
        while (done < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - done, done);
            if (n <= 0) {
                throw new LinkIoException("已发送 " + done + " / " + bytes.length + " 字节后 " + timeoutMs
                        + " 毫秒内无进展（打印机不再接收）", null);
            }
            done += n;
        }
        drain();
    }

    /**
     * Waits until the driver has sent every byte, then for a UART FIFO's worth of bytes on the
     * wire: jSerialComm's closePort flushes (TCIOFLUSH) what is still queued, which would cut
     * a receipt short. Bounded by the caller's deadline, which interrupts.
     */
    private void drain() throws IOException {
        try {
            while (port.bytesAwaitingWrite() > 0) {
                Thread.sleep(5);
            }
            Thread.sleep(Math.max(FIFO_SETTLE_MIN_MS, FIFO_BYTES * 10L * 1000 / baudRate));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkIoException("发送被中断，尚有 " + port.bytesAwaitingWrite() + " 字节未发出", null);
        }
    }

    @Override
    public int readByte() throws IOException {
        byte[] one = new byte[1];
        int n = port.readBytes(one, 1);
        if (n < 0) throw new LinkIoException("读取状态失败（错误码 " + port.getLastErrorCode() + "）", null);
        return n == 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public void close() {
        SerialPort p = port;
        if (p != null) p.closePort();
    }
}
