package org.yibao.terminal.centre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * An ID number's check character X comes as x from many hosts; the terminal compares certno
     * ignoring case (its cache, the centre's answer), so the centre must find the person too,
     * else an online 1101 is refused 1356 for a person the cache would have found.
     */
    @Test
    void anIdNumberWithALowerCaseCheckCharacterFindsItsPerson() throws IOException {
        Path file = Files.writeString(dir.resolve("persons.json"), """
                [{"baseinfo": {"psn_no": "37150000000000000009", "certno": "37150219900101123X", "psn_name": "李四"},
                  "insuinfo": [{"insutype": "310", "balc": "100.00"}]}]
                """);
        PersonDirectory persons = PersonDirectory.load(file);
        ObjectMapper json = new ObjectMapper();
        assertTrue(persons.find(json.readTree("{\"certno\":\"37150219900101123x\"}")).isPresent(), "certno with x");
        assertTrue(persons.find(json.readTree("{\"mdtrt_cert_no\":\"37150219900101123x\"}")).isPresent(), "mdtrt_cert_no with x");
        assertTrue(persons.find(json.readTree("{\"certno\":\"37150219900101123X\"}")).isPresent(), "as seeded");
    }

    /**
     * Two persons under one number: the centre would answer whichever came last for both, the
     * wrong person's balance and accumulators for the other. The file is refused, saying which.
     */
    @Test
    void twoPersonsUnderOneNumberAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("persons.json"), """
                [{"baseinfo": {"psn_no": "37150000000000000001", "certno": "371502199001011234", "psn_name": "张三丰"},
                  "insuinfo": [{"insutype": "310", "balc": "100.00"}]},
                 {"baseinfo": {"psn_no": "37150000000000000002", "certno": "371502199001011234", "psn_name": "李四"},
                  "insuinfo": [{"insutype": "310", "balc": "100.00"}]}]
                """);
        String message = assertThrows(IOException.class, () -> PersonDirectory.load(file)).getMessage();
        assertTrue(message.contains("第 2 个人员") && message.contains("第 1 个"), message);
        assertFalse(message.contains("371502199001011234"), "the file's numbers are not quoted: " + message);
    }

    /** A file that is JSON but holds no persons is refused in Chinese, as the rest of the refusal. */
    @Test
    void aFileWithoutPersonsIsRefusedInChinese() throws IOException {
        Path notPersons = Files.writeString(dir.resolve("persons.json"), "\"persons\"");
        String message = assertThrows(IOException.class, () -> PersonDirectory.load(notPersons)).getMessage();
        assertTrue(message.contains("不是 JSON 对象或数组"), message);
        Path nameless = Files.writeString(dir.resolve("nameless.json"), "[{\"baseinfo\": {\"psn_name\": \"王五\"}}]");
        message = assertThrows(IOException.class, () -> PersonDirectory.load(nameless)).getMessage();
        assertEquals(nameless + "：第 1 个人员既无 baseinfo.certno 也无 baseinfo.psn_no", message);
    }

    /**
     * The persons file is the centre's 1101 answers: a person the terminal cannot read as 1101
     * output (no psn_no, a balance that is not an amount) is refused at start, saying which
     * person and which field, instead of a centre that starts and answers 1355 for that person at
     * every counter.
     */
    @Test
    void aPersonTheTerminalCannotReadAs1101OutputRefusesTheFile() throws IOException {
        Path badBalance = Files.writeString(dir.resolve("balance.json"), """
                [{"baseinfo": {"psn_no": "37150000000000000001", "certno": "371502199001011234"},
                  "insuinfo": [{"insutype": "310", "balc": "100.00"}]},
                 {"baseinfo": {"psn_no": "37150000000000000002", "certno": "371502195505052345"},
                  "insuinfo": [{"insutype": "390", "balc": "1,500.00"}]}]
                """);
        String message = assertThrows(IOException.class, () -> PersonDirectory.load(badBalance)).getMessage();
        assertTrue(message.contains("第 2 个人员") && message.contains("insuinfo[0].balc"), message);

        Path noPsnNo = Files.writeString(dir.resolve("no-psn-no.json"), """
                {"baseinfo": {"certno": "371502199001011234"}, "insuinfo": [{"insutype": "310", "balc": "100.00"}]}
                """);
        message = assertThrows(IOException.class, () -> PersonDirectory.load(noPsnNo)).getMessage();
        assertTrue(message.contains("第 1 个人员") && message.contains("baseinfo.psn_no"), message);
    }
}
