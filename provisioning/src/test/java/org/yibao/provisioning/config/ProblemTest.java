package org.yibao.provisioning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void theTextNamesThePathAndWhyLeavingOutWhatIsEmpty() {
        assertEquals("1903 配置项取值无效：api.port: 应为整数", new Problem(ProvisionReason.CONFIG_INVALID, "api.port", "应为整数").text());
        assertEquals("1911 本机尚无设备密钥，请先执行 provision init：keys/device.key",
                new Problem(ProvisionReason.NO_DEVICE_KEY, "keys/device.key", "").text(), "no dangling ': ' after the path");
        assertEquals("1901 配置文件不是有效的 JSON：第 1 行", new Problem(ProvisionReason.CONFIG_MALFORMED, "", "第 1 行").text());
        assertEquals("1902 配置缺少必填项", new Problem(ProvisionReason.CONFIG_MISSING, "", "").text());
    }
}
