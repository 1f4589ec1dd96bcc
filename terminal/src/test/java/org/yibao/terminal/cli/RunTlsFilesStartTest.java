package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.provision.ProvisionRig;

/**
 * Found by the black-box check of the TLS uplink (bbtls). {@code terminal run} with an
 * {@code ssl://} broker reads the provisioned {@code current/ca.pem}, {@code current/client.pem}
 * and the key at start. A missing one is refused with 1967 naming it (exit 2), as the README's
 * "Commands" says of "a file or folder a command was given that cannot be read or written
 * (missing, a folder where a file was meant) 1967 ... both name the path. These are refusals
 * (exit 2 ...)". A folder where the certificate was meant, and a certificate file that is not
 * PEM, instead end with exit 1 (the code of an unexpected error) and a line that names neither
 * the file nor a code ({@code 终端服务无法启动：Is a directory}, {@code 终端服务无法启动：不是 PEM 格式}).
 * Now a folder is 1967 and a file that is not PEM (or not a key or certificate) 1925, naming it;
 * an {@code ssl://} broker on a folder never provisioned is 1931.
 */
class RunTlsFilesStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path data;
    private Path config;

    @BeforeEach
    void provisionWithTls() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        ProvisionRig rig = new ProvisionRig(data);
        ObjectNode payload = rig.payload("T01", null);
        payload.putArray("brokers").add("ssl://127.0.0.1:1");
        assertEquals(0, rig.apply(rig.bundle(payload)).exit());
        config = Files.writeString(tmp.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: P37150200001, fixmedins_name: 聊城示范大药房, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: %s
                api: {port: 0}
                centre: {broker: "ssl://127.0.0.1:1"}
                """.formatted(data, files.resolve(DemoFiles.POLICY)));
    }

    private JsonNode refusedStart(String code) throws Exception {
        CliProcess.Result run = CliProcess.run(Map.of(), "run", "--config", config.toString());
        assertEquals(2, run.exit(), "a refusal, not an unexpected error: " + run);
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        JsonNode refusal = JSON.readTree(String.join("\n", run.out()));
        if (code != null) assertEquals(code, refusal.path("term_errcode").asText(), refusal.toString());
        assertTrue(refusal.path("term_errcode").asText().matches("\\d{4}"), refusal.toString());
        return refusal;
    }

    @Test
    void missingClientCertificateIsRefused1967() throws Exception {
        Path cert = data.resolve("current/client.pem");
        Files.delete(cert);
        JsonNode refusal = refusedStart("1967");
        assertTrue(refusal.path("err_msg").asText().contains("client.pem"), refusal.toString());
    }

    @Test
    void aFolderWhereTheClientCertificateWasMeantIsRefused1967() throws Exception {
        Path cert = data.resolve("current/client.pem");
        Files.delete(cert);
        Files.createDirectory(cert);
        JsonNode refusal = refusedStart("1967");
        assertTrue(refusal.path("err_msg").asText().contains("client.pem"), refusal.toString());
    }

    @Test
    void aCaCertificateThatIsNotPemIsRefusedNamingTheFile() throws Exception {
        Files.writeString(data.resolve("current/ca.pem"), "garbage\n");
        JsonNode refusal = refusedStart("1925");
        assertTrue(refusal.path("err_msg").asText().contains("ca.pem"), refusal.toString());
    }

    @Test
    void aClientKeyOfBinaryBytesIsRefused1925NamingIt() throws Exception {
        Path key = data.resolve(JSON.readTree(data.resolve("current/config.json").toFile()).at("/uplink/tls/client_key").asText());
        Files.write(key, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        JsonNode refusal = refusedStart("1925");
        assertTrue(refusal.path("err_msg").asText().contains(key.getFileName().toString()), refusal.toString());
    }

    @Test
    void anSslBrokerOnAFolderNeverProvisionedIsRefused1931() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(config, Files.readString(config).replace("data_dir: " + data, "data_dir: " + empty));
        JsonNode refusal = refusedStart("1931");
        assertTrue(refusal.path("err_msg").asText().contains("provision apply"), refusal.toString());
        try (var written = Files.list(empty)) {
            assertEquals(List.of(), written.toList(), "refused before anything was written (no terminal.db)");
        }
    }
}
