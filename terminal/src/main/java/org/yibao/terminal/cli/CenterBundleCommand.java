package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.bundle.RootSigningKey;
import org.yibao.provisioning.snapshot.AtomicFiles;
import org.yibao.terminal.centre.CentreReason;
import org.yibao.terminal.centre.ReferenceBundleMaker;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.FileProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center bundle --csr FILE --ca-cert FILE --ca-key FILE --root-key FILE --out FILE
 * [content options] --password-stdin}: the REFERENCE centre's provisioning bundle for a test
 * bench (never production): the device's client certificate issued from its
 * {@code provision init} request by the same CA files {@code terminal center} renews with, the
 * content from {@link CenterBundleContent}, the first admin's one-time password from standard
 * input, signed with the provisioning root's private key ({@link ReferenceBundleMaker}). Writes
 * the bundle (0600: it holds the password; never over an existing file) and prints a summary.
 * Exit 0 written, 2 bad usage or a refusal (1751 CA, 1757 CSR, 1758 root key, 1759 content that
 * {@code provision apply} would refuse, 1760 not written; see {@link CliRefusal}).
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "参考中心（测试台用，非生产）：由设备 provision init 输出的证书申请签发客户端证书，制作并用配置根私钥签名配置包，供 provision apply 使用。")
public final class CenterBundleCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;
    @Option(names = "--csr", required = true, paramLabel = "FILE", description = "the device's certification request (PEM, as provision init prints it)") Path csr;
    @Option(names = "--ca-cert", required = true, paramLabel = "FILE", description = "the reference CA's certificate (PEM), as for terminal center") Path caCert;
    @Option(names = "--ca-key", required = true, paramLabel = "FILE", description = "the reference CA's private key (PKCS#8 PEM)") Path caKey;
    @Option(names = "--root-key", required = true, paramLabel = "FILE", description = "the provisioning root's private key (PKCS#8 PEM, P-256 or SM2)") Path rootKey;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the bundle file to write (must not exist)") Path out;
    @Option(names = "--valid-days", defaultValue = "7", paramLabel = "N", description = "the bundle's validity (not_after), days (default ${DEFAULT-VALUE})") int validDays;
    @Option(names = "--cert-days", defaultValue = "365", paramLabel = "N", description = "the client certificate's validity, days (default ${DEFAULT-VALUE})") int certDays;
    @Mixin CenterBundleContent content;
    @Mixin OperatorCommandSupport.PasswordStdin stdin;

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        if (validDays < 1 || certDays < 1) throw new ParameterException(cmd, "--valid-days 与 --cert-days 须为正数");
        if (Files.exists(out)) return refused(CentreReason.BUNDLE_NOT_WRITTEN, "文件已存在，不覆盖：" + out);
        ReferenceCa ca;
        RootSigningKey root;
        String csrPem;
        try {
            ca = ReferenceCa.fromPem(pem(caCert), pem(caKey));
        } catch (IOException | IllegalArgumentException e) {
            return refused(CentreReason.CA_UNUSABLE, e.getMessage());
        }
        try {
            root = RootSigningKey.fromPem(pem(rootKey));
        } catch (IOException e) {
            return refused(CentreReason.ROOT_KEY_UNUSABLE, rootKey + "：" + e.getMessage());
        }
        try {
            csrPem = pem(csr);
        } catch (IOException e) {
            return refused(CentreReason.CSR_INVALID, e.getMessage());
        }
        List<char[]> password = OperatorCommandSupport.readPasswords(cmd, stdin, "首个管理员的一次性密码");
        Instant now = Instant.now();
        Instant notAfter = now.plus(Duration.ofDays(validDays));
        ReferenceBundleMaker.Result result;
        try {
            result = new ReferenceBundleMaker(ca, root, Duration.ofDays(certDays))
                    .make(csrPem, content.payload(password.getFirst()), now, notAfter);
        } catch (IOException e) {
            return refused(CentreReason.BUNDLE_INPUT_INVALID, e.getMessage());
        } finally {
            OperatorCommandSupport.wipe(password);
        }
        return switch (result) {
            case ReferenceBundleMaker.Result.Refused(Refusal refusal) -> CliRefusal.print(cmd, refusal);
            case ReferenceBundleMaker.Result.Made made -> write(made, root, notAfter);
        };
    }

    private int write(ReferenceBundleMaker.Result.Made made, RootSigningKey root, Instant notAfter) {
        try {
            AtomicFiles.create(out, made.bundle(), true);
        } catch (FileAlreadyExistsException e) {
            return refused(CentreReason.BUNDLE_NOT_WRITTEN, "文件已存在，不覆盖：" + out);
        } catch (IOException e) {
            return refused(CentreReason.BUNDLE_NOT_WRITTEN, out + "：" + e.getMessage());
        }
        spec.commandLine().getOut().println(JSON.createObjectNode().put("result", "made").put("out", out.toString())
                .put("device_id", content.deviceId).put("device_fingerprint", made.deviceFingerprint())
                .put("root_fingerprint", root.fingerprint()).put("not_after", notAfter.toString())
                .put("client_cert_not_after", made.clientCertificate().getNotAfter().toInstant().toString()));
        return 0;
    }

    /** A PEM file's text; IOException with a Chinese reason naming the file. */
    private static String pem(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (MalformedInputException e) {
            throw new IOException("不是 PEM 文本：" + file, e);
        } catch (IOException e) {
            throw new IOException(file + "：" + FileProblem.unreadable(file, e), e); // missing, a folder, no permission
        }
    }

    private int refused(CentreReason reason, String detail) {
        return CliRefusal.print(spec.commandLine(), new Refusal(reason, detail));
    }
}
