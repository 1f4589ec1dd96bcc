package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code terminal voucher keygen} — FOR TESTING AND THE REFERENCE CENTRE ONLY: makes a
 * platform signing key and prints its trust-file entry (one JSON line) and its private key
 * (PKCS#8 PEM), or writes them to files.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"【仅供测试与参考中心】生成 SM2 或 ES256 电子凭证签名密钥，输出信任文件条目与私钥 PEM。",
                "[testing / reference centre only] Make an SM2 or ES256 voucher signing key: prints the trust-file entry and the private key PEM."})
public final class VoucherKeygenCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--alg", required = true, description = "SM2 or ES256")
    KeyAlg alg;

    @Option(names = "--kid", required = true, description = "key id written in vouchers' headers")
    String kid;

    @Option(names = "--not-before", paramLabel = "EPOCH_SECONDS", description = "start of validity (default: now)")
    Long notBefore;

    @Option(names = "--not-after", paramLabel = "EPOCH_SECONDS", description = "end of validity (default: not-before + 365 days)")
    Long notAfter;

    @Option(names = "--private-out", paramLabel = "FILE", description = "write the private key PEM here (mode 600) instead of stdout")
    Path privateOut;

    @Option(names = "--trust-out", paramLabel = "FILE", description = "also write a whole trust file holding only this key")
    Path trustOut;

    @Override public Integer call() throws IOException {
        long from = notBefore != null ? notBefore : Instant.now().getEpochSecond();
        long to = notAfter != null ? notAfter : from + Duration.ofDays(365).toSeconds();
        ReferenceSigningKey key = ReferenceSigningKey.generate(alg, new SecureRandom());
        ObjectNode entry = VoucherCommandJson.JSON.createObjectNode().put("kid", kid).put("alg", alg.name())
                .put("public_key_pem", key.publicPem()).put("not_before", from).put("not_after", to);
        PrintWriter out = spec.commandLine().getOut();
        out.println(VoucherCommandJson.text(entry));
        if (privateOut != null) {
            writePrivate(privateOut, key.privatePem());
        } else {
            out.print(key.privatePem());
        }
        if (trustOut != null) {
            Files.writeString(trustOut, trustFile(entry), StandardCharsets.UTF_8);
        }
        out.flush();
        return 0;
    }

    private static String trustFile(ObjectNode entry) {
        ObjectNode root = VoucherCommandJson.JSON.createObjectNode().put("version", Instant.now().toString());
        root.putArray("keys").add(entry);
        ObjectNode revoked = root.putObject("revoked");
        revoked.putArray("ec_tokens");
        revoked.putArray("psn_nos");
        return VoucherCommandJson.text(root) + "\n";
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }
}
