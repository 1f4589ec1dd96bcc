package org.yibao.terminal.centre;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persons file that is not JSON is refused saying where, in Chinese, and never quoting what
 * it holds: {@code terminal center} prints the message as its refusal (stdout and journald),
 * and a bare token there is as likely as not a card number or an ecToken.
 */
class PersonDirectoryTest {
    @TempDir Path dir;

    @Test
    void aMalformedPersonsFileIsRefusedWithWhereNotWithWhatItHolds() throws IOException {
        Path file = Files.writeString(dir.resolve("persons.json"), """
                [{"baseinfo": {"psn_no": "37150000000000000001", "certno": "371502199001011234",
                  "psn_name": "张三丰", "card_no": D37150201}}]
                """);
        String message = assertThrows(IOException.class, () -> PersonDirectory.load(file)).getMessage();
        assertFalse(message.contains("D37150201"), message);
        assertFalse(message.contains("Unrecognized") || message.contains("Source"), "the parser's English text: " + message);
        assertTrue(message.contains("第 2 行第"), message);
    }
}
