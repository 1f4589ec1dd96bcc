package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.yibao.outbox.uplink.PahoReasons;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.terminal.api.http.HostFailures;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.centre.CentreReason;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.StorageFailures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terminal center --broker URL --db FILE [--persons FILE] [--ca-cert FILE --ca-key FILE
 * [--cert-days N]]}: runs the REFERENCE centre (tests and demos, not the provincial platform)
 * until SIGTERM/SIGINT, then disconnects and closes its database. With the CA's certificate and
 * private key (PEM) it answers certificate renewals for the asking device; without, it refuses
 * them with a clear error. Exit 0 after a clean stop, 2 on bad usage or a refusal (bad files,
 * the database; see {@link CliRefusal} and {@link CentreReason}), 3 when the broker cannot be
 * reached at start (1753, printed the same way).
 */
@Command(name = "center", mixinStandardHelpOptions = true, subcommands = {CenterStatsCommand.class, CenterPublishCommand.class, CenterUpdatesCommand.class, CenterDiagnosticsCommand.class, CenterBundleCommand.class},
        description = "运行参考中心（测试与演示用，非省级平台）：接收结算申报、去重、确认，答复人员查询与对账汇总；给出 --ca-cert/--ca-key 时为请求的设备签发续期证书。")
public final class CenterCommand implements Callable<Integer> {
    /** Exit code when the broker cannot be reached at start. */
    static final int BROKER_UNREACHABLE = 3;

    @Spec CommandSpec spec;

    @Option(names = "--broker", description = "MQTT v5 broker, e.g. tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--db", description = "the centre's SQLite file (created if absent)")
    Path db;

    @Option(names = "--persons", description = "persons in 1101-output form (JSON object or array)")
    Path persons;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "the reference CA's certificate (PEM), to answer certificate renewals")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "FILE", description = "the reference CA's private key (PKCS#8 PEM)")
    Path caKey;

    @Option(names = "--cert-days", defaultValue = "365", paramLabel = "N",
            description = "validity of the certificates issued on renewal, days (default ${DEFAULT-VALUE}); longer than the devices' --renew-before-days")
    int certDays;

    @Option(names = "--instance", defaultValue = "ref-1", description = "instance id (several may share one broker and group; default: ${DEFAULT-VALUE})")
    String instance;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (broker == null || db == null) {
            throw new ParameterException(cmd, "需要 --broker URL 与 --db FILE（统计请用 terminal center stats --db FILE）");
        }
        PersonDirectory directory;
        try {
            directory = persons == null ? PersonDirectory.empty() : PersonDirectory.load(persons);
        } catch (IOException | RuntimeException e) {
            return CliRefusal.print(cmd, new Refusal(CentreReason.PERSONS_UNREADABLE, e.getMessage()));
        }
        Optional<CertificateSigningService> signing;
        try {
            signing = signing();
        } catch (java.nio.file.NoSuchFileException e) {
            return CliRefusal.print(cmd, new Refusal(CentreReason.CA_UNUSABLE, "文件不存在：" + e.getFile()));
        } catch (IOException | IllegalArgumentException e) {
            return CliRefusal.print(cmd, new Refusal(CentreReason.CA_UNUSABLE, e.getMessage()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ReferenceCentreService centre;
        try {
            centre = ReferenceCentreService.start(broker, db, directory, instance, BeijingTime.clock(), signing);
        } catch (MqttException e) {
            Refusal unreachable = new Refusal(CentreReason.BROKER_UNREACHABLE, broker + "：" + PahoReasons.chinese(e));
            return CliRefusal.print(cmd, unreachable.reason().code(), unreachable.errMsg(), BROKER_UNREACHABLE);
        } catch (SQLException | RuntimeException e) {
            // a database or file problem is told as StorageFailures words it (Chinese, the file named), under 1752
            return CliRefusal.print(cmd, HostFailures.refusal(e).orElseGet(() -> new Refusal(CentreReason.NOT_STARTED,
                    StorageFailures.refusal(e).map(Refusal::errMsg).orElse(e.getMessage()))));
        }
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            centre.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("参考中心已启动 broker=" + broker + " db=" + db + " persons=" + directory.size()
                + signing.map(s -> " ca=" + caCert + " cert-days=" + certDays).orElse(" ca=无（不签发证书）"));
        spec.commandLine().getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            centre.close();
        }
        return 0;
    }

    /** The renewal signer from {@code --ca-cert}/{@code --ca-key}, empty when neither is given. */
    private Optional<CertificateSigningService> signing() throws IOException {
        if (caCert == null && caKey == null) return Optional.empty();
        if (caCert == null || caKey == null) throw new ParameterException(spec.commandLine(), "--ca-cert 与 --ca-key 须同时给出");
        if (certDays < 1) throw new ParameterException(spec.commandLine(), "--cert-days 须为正数: " + certDays);
        ReferenceCa ca = ReferenceCa.fromPem(Files.readString(caCert, StandardCharsets.US_ASCII), Files.readString(caKey, StandardCharsets.US_ASCII));
        return Optional.of(new CertificateSigningService(ca, Duration.ofDays(certDays), Clock.systemUTC()));
    }
}
