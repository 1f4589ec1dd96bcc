package org.yibao.drivers.printer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A USB printer class device file (/dev/usb/lp0), written through an interruptible
 * {@link FileChannel}. Write-only: real-time status is not read back on this transport.
 */
public final class DeviceFileLink implements PrinterLink {
    private final Path path;
    private volatile FileChannel channel;

    public DeviceFileLink(Path path) {
        this.path = path;
    }

    @Override
    public void open() throws IOException {
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new LinkUnavailableException("无法打开：" + LinkErrors.why(e), e);
        } catch (IOException e) {
            throw new LinkIoException("无法打开：" + LinkErrors.why(e), e);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new LinkIoException("已发送 " + buffer.position() + " / " + bytes.length + " 字节后中断："
                    + LinkErrors.why(e), e);
        }
    }

    @Override
    public int readByte() {
        return -1;
    }

    @Override
    public void close() {
        FileChannel c = channel;
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing to abort or release: nothing more to do
        }
    }
}
