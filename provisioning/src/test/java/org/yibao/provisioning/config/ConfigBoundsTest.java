package org.yibao.provisioning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ranges a config.json's values must keep, at each end: the last value inside is taken as it
 * is, the first one outside is refused naming its key, so a technician who writes a limit at its
 * edge is not turned away and one past it is told which key to change.
 */
class ConfigBoundsTest {

    private static ConfigResult read(String from, String to) {
        String sample = ConfigSamples.json("T01");
        assertEquals(true, sample.contains(from), from);
        return DeviceConfigJson.read(sample.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"port\": 8080|\"port\": 1",
            "\"port\": 8080|\"port\": 65535",
            "broker.example:8883|broker.example:65535",
            "broker.example:8883|broker.example:1",
            "\"max_offline_hours\": 72|\"max_offline_hours\": 0",
            "\"max_offline_hours\": 72|\"max_offline_hours\": 720",
            "\"max_backlog_count\": 5000|\"max_backlog_count\": 1",
            "\"max_backlog_bytes\": 52428800|\"max_backlog_bytes\": 1024",
            "\"max_fen_per_settlement\": 200000|\"max_fen_per_settlement\": 1",
            "\"acked_claim_days\": 30|\"acked_claim_days\": 1",
            "\"acked_claim_days\": 30|\"acked_claim_days\": 3650",
            "\"receipt_days\": 180|\"receipt_days\": 1",
            "\"receipt_days\": 180|\"receipt_days\": 3650",
            "\"receipt_days\": 180|\"receipt_days\": 180, \"person_days\": 1",
            "\"receipt_days\": 180|\"receipt_days\": 180, \"person_days\": 3650",
            "\"led_green\": 17|\"led_green\": 0",
            "\"prefix\": \"\"|\"prefix\": \"12345678\"",
            // a name of 100 characters, the most fixmedins_name takes
            "聊城示范大药房|药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药"
                    + "药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药",
    })
    void aValueAtTheEdgeOfItsRangeIsTaken(String from, String to) {
        assertInstanceOf(ConfigResult.Valid.class, read(from, to), to);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"port\": 8080|\"port\": 0|api.port",
            "\"port\": 8080|\"port\": 65536|api.port",
            "broker.example:8883|broker.example:65536|uplink.brokers[0]",
            "broker.example:8883|broker.example:0|uplink.brokers[0]",
            "\"max_offline_hours\": 72|\"max_offline_hours\": -1|offline_limits.max_offline_hours",
            "\"max_offline_hours\": 72|\"max_offline_hours\": 721|offline_limits.max_offline_hours",
            "\"max_backlog_count\": 5000|\"max_backlog_count\": 0|offline_limits.max_backlog_count",
            "\"max_backlog_bytes\": 52428800|\"max_backlog_bytes\": 1023|offline_limits.max_backlog_bytes",
            "\"max_fen_per_settlement\": 200000|\"max_fen_per_settlement\": 0|kiosk_limits.max_fen_per_settlement",
            "\"acked_claim_days\": 30|\"acked_claim_days\": 0|retention.acked_claim_days",
            "\"acked_claim_days\": 30|\"acked_claim_days\": 3651|retention.acked_claim_days",
            "\"receipt_days\": 180|\"receipt_days\": 0|retention.receipt_days",
            "\"receipt_days\": 180|\"receipt_days\": 3651|retention.receipt_days",
            "\"receipt_days\": 180|\"receipt_days\": 180, \"person_days\": 0|retention.person_days",
            "\"receipt_days\": 180|\"receipt_days\": 180, \"person_days\": 3651|retention.person_days",
            "\"led_green\": 17|\"led_green\": -1|devices.gpio.led_green",
            "\"led_green\": 17|\"led_green\": 28|devices.gpio.led_green",
            "\"led_green\": 17|\"led_blue\": 17|devices.gpio.led_blue",
            "\"prefix\": \"\"|\"prefix\": \"123456789\"|devices.scanner.prefix",
            "\"port\": \"/dev/yibao-scanner\"|\"port\": \"COM3\"|devices.scanner.port",
            "\".*ACS.*\"|\"[ACS\"|devices.card_reader.name_pattern",
            "\"policy\": \"371500-2026.1\"|\"policy\": \"371500 2026\"|versions.policy",
            "\"admdvs\": \"371502\"|\"admdvs\": \"37150\"|institution.admdvs",
            // a name of 101 characters
            "聊城示范大药房|药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药"
                    + "药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药药|institution.fixmedins_name",
    })
    void theFirstValuePastItsRangeIsRefusedNamingItsKey(String from, String to, String path) {
        List<Problem> problems = assertInstanceOf(ConfigResult.Invalid.class, read(from, to), to).problems();
        assertEquals(List.of(path), problems.stream().map(Problem::path).toList(), problems.toString());
    }

    /** A key a section does not know (a misspelt optional one, say) is refused naming it, in every section, not passed over. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"hosp_lv\": \"pharmacy\"|\"hosp_lv\": \"pharmacy\", \"hosp_lvl\": 1|institution.hosp_lvl",
            "\"tls\": {|\"tsl\": 1, \"tls\": {|uplink.tsl",
            "\"client_key\": \"keys/device.key\"|\"client_key\": \"keys/device.key\", \"client_pass\": 1|uplink.tls.client_pass",
            "\"card_reader\": {|\"cardreader\": {}, \"card_reader\": {|devices.cardreader",
            "\"name_pattern\": \".*ACS.*\"|\"name_pattern\": \".*ACS.*\", \"slot\": 1|devices.card_reader.slot",
            "\"charset\": \"UTF-8\"|\"charset\": \"UTF-8\", \"baud\": 9600|devices.scanner.baud",
            "\"paper_width\": 58|\"paper_width\": 58, \"paperwidth\": 80|devices.printer.paperwidth",
            "\"button\": 23|\"button\": 23, \"bell\": 24|devices.gpio.bell",
            "\"bind\": \"127.0.0.1\"|\"bind\": \"127.0.0.1\", \"tls\": true|api.tls",
            "\"max_backlog_bytes\": 52428800|\"max_backlog_bytes\": 52428800, \"max_hours\": 1|offline_limits.max_hours",
            "\"account_allowed\": true|\"account_allowed\": true, \"cash_allowed\": true|kiosk_limits.cash_allowed",
            "\"receipt_days\": 180|\"receipt_days\": 180, \"log_days\": 7|retention.log_days",
            "\"trust\": \"t-7\"|\"trust\": \"t-7\", \"codemap\": \"1\"|versions.codemap",
            "\"data_dir\": |\"datadir\": \"/x\", \"data_dir\": |datadir",
    })
    void aKeyASectionDoesNotKnowIsRefusedNamingIt(String from, String to, String path) {
        List<Problem> problems = assertInstanceOf(ConfigResult.Invalid.class, read(from, to), to).problems();
        assertEquals(List.of(path), problems.stream().map(Problem::path).toList(), problems.toString());
    }
}
