package org.yibao.terminal.identity.voucher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonalDataMaskTest {
    @Test void namesKeepFirstAndLastCharacter() {
        assertEquals("张*", PersonalDataMask.name("张三"));
        assertEquals("张*丰", PersonalDataMask.name("张三丰"));
        assertEquals("欧**娜", PersonalDataMask.name("欧阳娜娜"));
        assertEquals("*", PersonalDataMask.name("张"));
        assertEquals("", PersonalDataMask.name(""));
        assertEquals("𠀀*𠀂", PersonalDataMask.name("𠀀𠀁𠀂"), "code points, not UTF-16 units");
    }

    @Test void maskingAMaskedNameChangesNothing() {
        assertEquals("张*丰", PersonalDataMask.name(PersonalDataMask.name("张三丰")));
        assertEquals("张*", PersonalDataMask.name(PersonalDataMask.name("张三")));
    }

    @Test void tokensKeepFourAtEachEnd() {
        assertEquals("3715**********1234", PersonalDataMask.token("371523199001011234"));
        assertEquals("********", PersonalDataMask.token("12345678"));
        assertEquals("-", PersonalDataMask.token(null));
        assertEquals("-", PersonalDataMask.token(""));
    }
}
