package org.yibao.drivers.printer;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.regex.Pattern;

/** What a cashier reads is Chinese: no English word outside addresses, paths and the ESC/POS command names. */
final class Chinese {
    private static final Pattern ADDRESSES = Pattern.compile("(tcp|USB) [\\x21-\\x7E]+|/[\\x21-\\x7E]+|DLE EOT \\d|0x[0-9A-F]{2}");
    private static final Pattern ENGLISH_WORD = Pattern.compile("[A-Za-z]{3,}");

    private Chinese() {
    }

    static void assertNoEnglish(String text) {
        String rest = ADDRESSES.matcher(text).replaceAll(" ");
        assertFalse(ENGLISH_WORD.matcher(rest).find(), "English in a cashier's message: " + text);
    }
}
