package org.yibao.terminal.catalog;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * A zip that cannot be read as written (cut short, a flipped bit, a central directory missing or
 * disagreeing with the local headers), with a Chinese description for the technician instead of
 * the zip library's English ("invalid entry CRC", "unexpected EOF", "invalid LOC header").
 */
final class DamagedZipException extends IOException {
    private static final long serialVersionUID = 1L;

    DamagedZipException(String what) {
        super(what);
    }

    private DamagedZipException(String what, Throwable cause) {
        super(what, cause);
    }

    /** The damage a zip library's {@link ZipException} or {@link EOFException} reports. */
    static DamagedZipException of(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        String what;
        if (e instanceof EOFException || m.contains("eof") || m.contains("end of")) {
            what = "文件不完整（可能被截断）";
        } else if (m.contains("end header not found")) {
            what = "找不到中央目录（文件可能不完整）";
        } else if (m.contains("end header") || m.contains("cen") || m.contains("central") || m.contains("zip64")) {
            what = "中央目录无效";
        } else if (m.contains("crc")) {
            what = "数据校验（CRC）不符";
        } else if (m.contains("size")) {
            what = "条目大小与记录不符";
        } else if (m.contains("loc header") || m.contains("ext descriptor") || m.contains("compression method")) {
            // "loc header", not "loc": zlib's "invalid block type" and "invalid stored block lengths"
            // are damaged compressed data, and hold "loc" inside "block"
            what = "本地文件头无效";
        } else {
            what = "压缩数据无效";
        }
        return new DamagedZipException(what, e);
    }

    /** {@code zip} with its {@link ZipException}s and {@link EOFException}s turned into this exception. */
    static InputStream guard(InputStream zip) {
        return new FilterInputStream(zip) {
            @Override public int read() throws IOException {
                try {
                    return super.read();
                } catch (ZipException | EOFException e) {
                    throw of(e);
                }
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (ZipException | EOFException e) {
                    throw of(e);
                }
            }
        };
    }
}
