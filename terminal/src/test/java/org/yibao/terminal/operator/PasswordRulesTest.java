package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;

/**
 * The new-password rules at their edges (README, Operators: 8-128 characters; PasswordRules: no
 * control characters, two of letters / digits / other characters, not the operator number).
 */
class PasswordRulesTest {

    private static String verdict(String opterNo, String password) {
        Optional<Refusal> refusal = PasswordRules.check(opterNo, password.toCharArray());
        return refusal.map(r -> r.reason().code() + " " + r.detail()).orElse("ok");
    }

    @Test
    void eightToOneHundredTwentyEightCharactersAndNotOneMoreOrLess() {
        assertEquals("1610 长度须为 8-128 个字符", verdict("C001", "abcdef1"), "7");
        assertEquals("ok", verdict("C001", "abcdefg1"), "8");
        assertEquals("ok", verdict("C001", "a".repeat(127) + "1"), "128");
        assertEquals("1610 长度须为 8-128 个字符", verdict("C001", "a".repeat(128) + "1"), "129");
        assertEquals("1610 长度须为 8-128 个字符", verdict("C001", ""), "empty");
    }

    @Test
    void twoKindsOfCharacterOfThreeAndNoControlCharacter() {
        String twoKinds = "1610 须至少包含字母、数字、符号中的两类";
        assertEquals(twoKinds, verdict("C001", "onlyletters"));
        assertEquals(twoKinds, verdict("C001", "12345678"));
        assertEquals(twoKinds, verdict("C001", "!@#$%^&*"));
        assertEquals(twoKinds, verdict("C001", "收银员密码张三丰"), "汉字 are letters");
        assertEquals("ok", verdict("C001", "letters1"));
        assertEquals("ok", verdict("C001", "letters!"));
        assertEquals("ok", verdict("C001", "1234567!"));
        assertEquals("ok", verdict("C001", "收银员密码2026"));
        assertEquals("1610 不能包含控制字符", verdict("C001", "letters1\t"));
        assertEquals("1610 不能包含控制字符", verdict("C001", "\u0000letters1"));
        assertEquals("1610 不能包含控制字符", verdict("C001", "letters1\u0085"), "a C1 control");
    }

    @Test
    void notTheOperatorNumberWhateverItsCase() {
        assertEquals("1610 不能与工号相同", verdict("Cashier-01", "Cashier-01"));
        assertEquals("1610 不能与工号相同", verdict("Cashier-01", "cASHIER-01"));
        assertEquals("ok", verdict("Cashier-01", "Cashier-012"));
    }
}
