package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The README's promise for refusals, held by terminal.jar's own entry point in a JVM of its own:
 * {@code {"term_errcode","err_msg"}} as the one line on stdout, the same as a line on stderr,
 * exit 2 - for the commands that printed their refusals as text on stderr only.
 */
class RefusalProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static void assertRefused(CliProcess.Result run, String code, String errMsg) throws Exception {
        assertEquals(2, run.exit(), run.err());
        JsonNode refusal = JSON.readTree(run.line());
        assertEquals(code, refusal.path("term_errcode").asText(), run.line());
        assertTrue(refusal.path("err_msg").asText().startsWith(errMsg), run.line());
        assertTrue(run.err().contains(code + " " + refusal.path("err_msg").asText()), run.err());
    }

    @Test
    void operatorAdd() throws Exception {
        CliProcess add = CliProcess.start(Map.of(), "operator", "add", "--data-dir", dir.toString(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--password-stdin");
        add.stdin("Initial-0001\n");
        assertRefused(add.finish(), "1616", "本机第一个操作员必须是管理员");
    }

    @Test
    void provisionRollbackAndFactoryReset() throws Exception {
        assertRefused(CliProcess.run(Map.of(), "provision", "rollback", "--data-dir", dir.toString(), "7"),
                "1930", "没有该编号的配置快照：7");
        assertRefused(CliProcess.run(Map.of(), "factory-reset", "--data-dir", dir.toString(), "--yes"),
                "1993", "数据目录无效");
    }

    @Test
    void receiptReprintOfAnUnknownSettlement() throws Exception {
        SqliteDatabase.open(dir.resolve("terminal.db")).close();
        assertRefused(CliProcess.run(Map.of(), "receipt", "reprint", "T-0001-S00000999", "--data-dir", dir.toString(), "--simulated"),
                "1360", "结算记录不存在：T-0001-S00000999");
    }

    @Test
    void aCorruptDatabaseIsQuarantinedWithoutAStackTraceAndNotRecreated() throws Exception {
        Files.writeString(dir.resolve("terminal.db"), "not a database ".repeat(200));
        Path catalog = Files.writeString(dir.resolve("catalog.tsv"), "med_list_codg\n");
        CliProcess.Result first = CliProcess.run(Map.of(), "catalog", "import", "--data-dir", dir.toString(), catalog.toString());
        assertRefused(first, "1964", "数据库已损坏或无法读取，已改名隔离保存");
        assertTrue(!first.err().contains("\tat ") && !first.err().contains("Exception"), first.err());
        CliProcess.Result second = CliProcess.run(Map.of(), "catalog", "show", "--data-dir", dir.toString(), "XA01");
        assertRefused(second, "1965", "数据库曾被隔离，不新建数据库");
        assertTrue(!Files.exists(dir.resolve("terminal.db")));
    }

    @Test
    void referenceCentreAndPublish() throws Exception {
        assertRefused(CliProcess.run(Map.of(), "center", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("centre.db").toString(),
                "--persons", dir.resolve("no-such-persons.json").toString()), "1750", "人员文件无法读取");
        Path persons = Files.writeString(dir.resolve("persons.json"), "[{\"baseinfo\":{\"certno\":\"371502199001011234\",\"card_no\":D37150201}}]");
        CliProcess.Result malformed = CliProcess.run(Map.of(), "center", "--broker", "tcp://127.0.0.1:1", "--db",
                dir.resolve("centre.db").toString(), "--persons", persons.toString());
        assertRefused(malformed, "1750", "人员文件无法读取：" + persons + "：第 1 行第");
        assertTrue(!malformed.err().contains("D37150201") && !malformed.line().contains("D37150201"), "the card number quoted: " + malformed.err());
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        assertRefused(CliProcess.run(Map.of(), "center", "publish", "--db", dir.resolve("centre.db").toString(), "--key", key.toString(),
                "--device", "T01", "--command", "status"), "1754", "参数或文件无效");
    }
}
