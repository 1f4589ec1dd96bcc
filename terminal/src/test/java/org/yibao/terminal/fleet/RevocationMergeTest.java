package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.RefusedException;

/** A bad revocation list is refused (1949) with the field and what is wrong, in Chinese. */
class RevocationMergeTest {
    private static final String TRUST = "{\"version\":\"t-7\",\"keys\":[]}";

    private static String refused(String trust, String list) {
        RefusedException e = assertThrows(RefusedException.class, () -> RevocationMerge.merge(
                trust.getBytes(StandardCharsets.UTF_8), list.getBytes(StandardCharsets.UTF_8)));
        assertEquals("1949", e.refusal().reason().code());
        String rest = e.refusal().detail().replaceAll("\\b(ec_tokens|psn_nos|version)\\b", " ");
        assertFalse(Pattern.compile("[A-Za-z]{5,}").matcher(rest).find(), e.refusal().detail());
        return e.refusal().errMsg();
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertEquals("吊销名单格式错误：有未知字段 zz（只允许 version、ec_tokens、psn_nos）",
                refused(TRUST, "{\"ec_tokens\":[],\"psn_nos\":[],\"zz\":1}"));
    }

    @Test
    void eachListMustBeAnArray() {
        assertEquals("吊销名单格式错误：psn_nos 缺少或不是数组", refused(TRUST, "{\"ec_tokens\":[],\"psn_nos\":\"x\"}"));
        assertEquals("吊销名单格式错误：ec_tokens 缺少或不是数组", refused(TRUST, "{\"psn_nos\":[]}"));
    }

    @Test
    void eachEntryMustBeAString() {
        assertEquals("吊销名单格式错误：ec_tokens[1] 须为字符串", refused(TRUST, "{\"ec_tokens\":[\"a\",7],\"psn_nos\":[]}"));
        assertEquals("吊销名单格式错误：psn_nos[0] 须为字符串", refused(TRUST, "{\"ec_tokens\":[],\"psn_nos\":[null]}"));
    }

    @Test
    void theVersionMustBeAString() {
        assertEquals("吊销名单格式错误：version 须为字符串", refused(TRUST, "{\"version\":7,\"ec_tokens\":[],\"psn_nos\":[]}"));
    }

    @Test
    void notJsonSaysWhere() {
        assertEquals("吊销名单格式错误：第 1 行第 15 列：内容不完整（括号或引号未闭合）", refused(TRUST, "{\"ec_tokens\":["));
        assertEquals("吊销名单格式错误：顶层须为 JSON 对象", refused(TRUST, "[]"));
    }

    @Test
    void aBrokenTrustFileInUseIsNamedAsSuch() {
        assertTrue(refused("{", "{\"ec_tokens\":[],\"psn_nos\":[]}").startsWith("吊销名单格式错误：当前使用的信任文件第 1 行"));
    }
}
