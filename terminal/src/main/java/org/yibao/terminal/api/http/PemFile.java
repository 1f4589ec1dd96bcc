package org.yibao.terminal.api.http;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.PEMParser;

/**
 * A PEM file as a technician hands it over, read whole into its objects (Bouncy Castle's
 * {@link PEMParser}): only a regular file of at most {@value #MAX_FILE_BYTES} bytes is read (not a
 * device like /dev/zero, nor a named pipe that would block), a UTF-8 byte-order mark is passed
 * over, and each way it fails says what the file is, for {@link ApiTlsException}'s field.
 */
public final class PemFile {
    /** A certificate chain or key is a few KiB; a file above this is something else. */
    static final long MAX_FILE_BYTES = 256 * 1024;
    private static final String UTF8_BOM = "\u00EF\u00BB\u00BF"; // the three bytes as ISO-8859-1 reads them

    private PemFile() {
    }

    /** The PEM objects of {@code file}; a failure names {@code field}. */
    static List<Object> objects(Path file, String field) throws ApiTlsException {
        Optional<String> unusable = unusable(file);
        if (unusable.isPresent()) throw new ApiTlsException(field, unusable.get());
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // PEM is ASCII; other bytes fail below
        } catch (AccessDeniedException e) {
            throw new ApiTlsException(field, file + " 无权读取：服务运行的用户须能读取此文件");
        } catch (IOException e) {
            throw new ApiTlsException(field, file + " 无法读取：" + e.getMessage());
        }
        if (text.startsWith(UTF8_BOM)) text = text.substring(UTF8_BOM.length());
        if (!text.contains("-----BEGIN ")) {
            throw new ApiTlsException(field, file + " 不是 PEM 文件（应含 -----BEGIN …----- 块；若为 DER 格式请先转换：openssl x509 -inform der … 或 openssl pkey -inform der …）");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (IOException | RuntimeException e) {
            throw new ApiTlsException(field, file + " 不是完整或可识别的 PEM 文件（可能被截断、损坏，或为不支持的类型如 SM2 私钥）：" + e.getMessage());
        }
        return objects;
    }

    /**
     * Why {@code file} cannot be one of the two files, before it is read: missing, not a regular
     * file (a folder, a device like /dev/zero, a named pipe that would block the start), or larger
     * than any certificate chain or key.
     */
    public static Optional<String> unusable(Path file) {
        if (!Files.exists(file)) return Optional.of(file + " 不存在");
        if (!Files.isRegularFile(file)) return Optional.of(file + " 不是普通文件");
        try {
            if (Files.size(file) > MAX_FILE_BYTES) return Optional.of(file + " 过大（超过 " + MAX_FILE_BYTES / 1024 + " KiB），不是证书或私钥文件");
        } catch (IOException e) {
            return Optional.of(file + " 无法读取：" + e.getMessage());
        }
        if (!Files.isReadable(file)) return Optional.of(file + " 无权读取：服务运行的用户须能读取此文件");
        return Optional.empty();
    }
}
