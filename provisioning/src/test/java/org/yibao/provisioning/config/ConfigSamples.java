package org.yibao.provisioning.config;

/** A valid configuration file for tests (every section present). */
public final class ConfigSamples {
    private ConfigSamples() {
    }

    /** A complete, valid config.json for device {@code deviceId}. */
    public static String json(String deviceId) {
        return """
                {
                  "format": 1,
                  "device_id": "%s",
                  "institution": {"fixmedins_code": "P37150200001", "fixmedins_name": "聊城示范大药房", "admdvs": "371502", "hosp_lv": "pharmacy"},
                  "uplink": {"brokers": ["ssl://broker.example:8883", "ssl://broker2.example:8883"],
                             "tls": {"ca": "tls/ca.pem", "client_cert": "tls/client.pem", "client_key": "keys/device.key"}},
                  "devices": {
                    "card_reader": {"name_pattern": ".*ACS.*"},
                    "scanner": {"port": "/dev/yibao-scanner", "prefix": "", "charset": "UTF-8"},
                    "printer": {"kind": "usb", "address": "/dev/usb/lp0", "paper_width": 58},
                    "gpio": {"led_green": 17, "led_red": 27, "buzzer": 22, "button": 23}
                  },
                  "api": {"bind": "127.0.0.1", "port": 8080, "api_key_sha256": "%s"},
                  "offline_limits": {"max_offline_hours": 72, "max_backlog_count": 5000, "max_backlog_bytes": 52428800},
                  "kiosk_limits": {"max_fen_per_settlement": 200000, "account_allowed": true},
                  "retention": {"acked_claim_days": 30, "receipt_days": 180},
                  "versions": {"policy": "371500-2026.1", "catalog": "2026-11-01", "trust": "t-7"},
                  "data_dir": "/var/lib/yibao-terminal"
                }
                """.formatted(deviceId, "ab".repeat(32));
    }
}
