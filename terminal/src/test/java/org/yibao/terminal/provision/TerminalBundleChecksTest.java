package org.yibao.terminal.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The terminal's bundle checks answer in Chinese, naming the key: never an exception's text, class name or code prefix. */
class TerminalBundleChecksTest {
    private final TerminalBundleChecks checks = new TerminalBundleChecks();

    private String why(String trustJson) {
        Optional<String> why = checks.trustFile(trustJson.getBytes(StandardCharsets.UTF_8));
        assertTrue(why.isPresent(), trustJson);
        String rest = why.get().replaceAll("[\\w./\\[\\]-]*[_./\\[][\\w./\\[\\]-]*", " ").replaceAll("\\b(version|keys|revoked)\\b", " ");
        assertFalse(Pattern.compile("[A-Za-z]{5,}").matcher(rest).find(), why.get());
        assertFalse(why.get().matches("^\\d{4} .*"), "the bundle refusal carries the code, not the detail: " + why.get());
        return why.get();
    }

    @Test
    void aTrustFileWithAnUnknownKeySaysWhichInChinese() {
        assertEquals("电子凭证信任文件字段缺失、未知或类型错误：keys[0] 有未知字段 zz",
                why("{\"version\":\"t-7\",\"keys\":[{\"kid\":\"k1\",\"zz\":1}]}"));
    }

    @Test
    void aTrustFileWithoutKeysSaysWhatIsMissing() {
        String why = why("{\"version\":\"t-7\"}");
        assertTrue(why.startsWith("电子凭证信任文件字段缺失、未知或类型错误："), why);
        assertTrue(why.contains("keys"), why);
    }

    @Test
    void aGoodFirstAdminPassesAndAWeakPasswordIsRefusedInChinese() {
        var weak = checks.firstAdmin(new org.yibao.provisioning.bundle.FirstAdmin("A001", "张三", "aaaaaaaa".toCharArray()));
        assertTrue(weak.isPresent());
        assertFalse(Pattern.compile("[A-Za-z]{5,}").matcher(weak.get()).find(), weak.get());
    }
}
