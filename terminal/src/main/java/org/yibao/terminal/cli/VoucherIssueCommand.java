package org.yibao.terminal.cli;

import org.yibao.terminal.centre.CentreReason;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.privacy.Masking;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.ReferenceVoucherIssuer;
import org.yibao.terminal.identity.voucher.VoucherPayload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code terminal voucher issue} — FOR TESTING AND THE REFERENCE CENTRE ONLY: signs one YBEC1
 * voucher with a private key made by {@code keygen} and prints its QR text. A {@code --key} that
 * is not such a key is refused 1754 (the reference centre's "参数或文件无效"), one that cannot be
 * read 1967.
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"【仅供测试与参考中心】签发一张 YBEC1 电子凭证并输出二维码文本。", "[testing / reference centre only] Sign a YBEC1 voucher and print its QR text."})
public final class VoucherIssueCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.pem", description = "PKCS#8 private key from keygen")
    Path key;

    @Option(names = "--kid", required = true, description = "the key's id in the trust file")
    String kid;

    @Option(names = "--alg", required = true, description = "SM2 or ES256 (must be the key's curve)")
    KeyAlg alg;

    @Option(names = "--psn-no", required = true, description = "person number")
    String psnNo;

    @Option(names = "--ec-token", description = "ecToken, 40..64 chars (default: random)")
    String ecToken;

    @Option(names = "--name", defaultValue = "测试人", description = "name; written masked (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--cert-type", defaultValue = "01", description = "psn_cert_type (default: ${DEFAULT-VALUE})")
    String certType;

    @Option(names = "--certno-tail", defaultValue = "0000", description = "last 4 chars of the certificate number")
    String certnoTail;

    @Option(names = "--admdvs", defaultValue = "110000", description = "insuplc_admdvs (default: ${DEFAULT-VALUE})")
    String admdvs;

    @Option(names = "--insutype", defaultValue = "310", description = "insutype (default: ${DEFAULT-VALUE})")
    String insutype;

    @Option(names = "--psn-type", defaultValue = "11", description = "psn_type (default: ${DEFAULT-VALUE})")
    String psnType;

    @Option(names = "--biz", defaultValue = "02121", description = "01101 挂号, 01301 结算, 02121 药店购药 (default: ${DEFAULT-VALUE})")
    String biz;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "iat (default: the clock)")
    Long now;

    @Option(names = "--ttl-s", defaultValue = "120", description = "exp - iat in seconds; over 300 makes an invalid voucher (default: ${DEFAULT-VALUE})")
    long ttlS;

    @Option(names = "--nonce", description = "16..32 chars (default: random)")
    String nonce;

    @Override public Integer call() throws IOException {
        SecureRandom random = new SecureRandom();
        ReferenceSigningKey signingKey;
        try {
            signingKey = ReferenceSigningKey.readPem(Files.readString(key, StandardCharsets.US_ASCII), random);
        } catch (CharacterCodingException | RuntimeException notAKey) {
            // a missing or unreadable file is a FileSystemException, which the CLI's handler refuses (1967)
            return CliRefusal.print(spec.commandLine(), new Refusal(CentreReason.UPDATE_INPUT_INVALID,
                    "--key " + key + "：不是 PEM 格式的 PKCS#8 EC 私钥（terminal voucher keygen 生成的私钥）"));
        }
        if (signingKey.alg() != alg) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--alg " + alg + " but the key is " + signingKey.alg());
        }
        long iat = now != null ? now : Instant.now().getEpochSecond();
        VoucherPayload payload = new VoucherPayload(VoucherPayload.VERSION,
                ecToken != null ? ecToken : randomText(random, 36), psnNo, Masking.name(name), certType,
                certnoTail, admdvs, insutype, psnType, biz, iat, iat + ttlS,
                nonce != null ? nonce : randomText(random, 18));
        spec.commandLine().getOut().println(new ReferenceVoucherIssuer(signingKey, kid).issue(payload));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code bytes} random bytes as base64url: 36 bytes give 48 chars, 18 give 24. */
    private static String randomText(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
