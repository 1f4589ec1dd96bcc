package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import picocli.CommandLine;

class OperatorCommandTest {
    private static final InputStream REAL_STDIN = System.in;

    @TempDir Path dir;
    private String out;
    private String err;

    @AfterEach void restoreStdin() {
        System.setIn(REAL_STDIN);
    }

    private int run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private int run(byte[] stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin));
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(outText, true));
        cli.setErr(new PrintWriter(errText, true));
        int exit = cli.execute(args);
        out = outText.toString();
        err = errText.toString();
        return exit;
    }

    private String dataDir() {
        return dir.toString();
    }

    private OperatorOutcome<?> signInCheck(String opterNo, String password) throws Exception {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            Operators operators = Operators.open(database, new PasswordHasher(), LockoutPolicy.DEFAULT, Clock.systemUTC());
            return operators.checkSignIn(opterNo, password.toCharArray());
        }
    }

    @Test void theFirstAdminIsAddedFromStdinAndMustChangeThePasswordFirst() throws Exception {
        assertEquals(0, run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001",
                "--name", "王小明", "--role", "admin", "--password-stdin"), err);
        assertTrue(out.contains("A001") && out.contains("王*明") && out.contains("passwd"), out);
        assertTrue(Files.exists(dir.resolve("terminal.db")));
        assertEquals("1604", ((OperatorOutcome.Refused<?>) signInCheck("A001", "Initial-0001")).refusal().reason().code());

        assertEquals(2, run("Initial-0001\nCashier-2026\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--as", "A001", "--password-stdin"));
        assertTrue(err.startsWith("1604 "), err);
        assertEquals("{\"term_errcode\":\"1604\",\"err_msg\":\"首次使用须先修改密码\"}", out.strip());

        assertEquals(0, run("Initial-0001\nAdmin-2026!\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001",
                "--password-stdin"), err);
        assertEquals(0, run("Admin-2026!\nCashier-2026\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--as", "A001", "--password-stdin"), err);
        assertTrue(signInCheck("C001", "Cashier-2026") instanceof OperatorOutcome.Done<?>);
    }

    @Test void aRefusalIsTheJsonObjectOnStdoutAndALineOnStderr() {
        assertEquals(2, run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--password-stdin"));
        assertEquals("{\"term_errcode\":\"1616\",\"err_msg\":\"本机第一个操作员必须是管理员\"}", out.strip());
        assertEquals("1616 本机第一个操作员必须是管理员", err.strip());
    }

    @Test void wrongUsageIsAUsageErrorNotARefusal() {
        assertEquals(2, run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001",
                "--name", "王小明", "--role", "boss", "--password-stdin"));
        assertEquals("", out, "no refusal object: nothing was refused, the command was wrong");
        assertTrue(err.startsWith("--role 须为 admin、cashier 或 technician") && err.contains("Usage:"), err);
    }

    @Test void listShowsMaskedNamesRolesAndStatesButNeverHashes() {
        run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin");
        assertEquals(0, run("", "operator", "list", "--data-dir", dataDir()), err);
        assertTrue(out.contains("A001\t王*明\tadmin\t启用，须修改密码"), out);
        assertFalse(out.contains("王小明") || out.contains("pbkdf2") || out.contains("$"), out);
        assertEquals(0, run("", "operator", "list", "--data-dir", dataDir(), "--unmasked"));
        assertTrue(out.contains("王小明"), out);
    }

    @Test void aPasswordIsNeverAcceptedOnTheCommandLine() {
        assertEquals(2, run("", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password", "Initial-0001"));
        assertTrue(err.contains("--password"), err);
        assertEquals(2, run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001",
                "--name", "王小明", "--role", "admin"));
        assertTrue(err.contains("--password-stdin"), err);
        assertEquals(2, run("", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin"));
        assertTrue(err.contains("标准输入缺少第 1 行"), err);
        run("", "operator", "list", "--data-dir", dataDir());
        assertEquals("工号\t姓名\t角色\t状态", out.strip(), "nothing was added");
    }

    /**
     * A password put on the command line by mistake is refused, but picocli's usage error quoted it
     * back on stderr ("Unknown options: '--password', 'Sekret-2026x'", "Invalid value for option
     * '--password-stdin': 'Sekret-2026x' is not a boolean"), which an install script's log keeps
     * long after the process list forgot it.
     */
    @Test void aPasswordGivenAsAnArgumentIsNotEchoedInTheUsageError() {
        assertEquals(2, run("", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password", "Sekret-2026x"));
        assertTrue(err.contains("--password") && !err.contains("Sekret-2026x"), err);
        assertEquals(2, run("", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001",
                "--password-stdin=Sekret-2026x"));
        assertTrue(err.contains("--password-stdin") && !err.contains("Sekret-2026x"), err);
        assertEquals(2, run("", "operator", "disable", "--data-dir", dataDir(), "--opter-no", "C001", "--as", "A001",
                "--password-stdin", "Sekret-2026x"));
        assertFalse(err.contains("Sekret-2026x"), err);
    }

    /**
     * A password typed in a GBK shell is not UTF-8: read with replacement characters, "中文abc123x"
     * and "汉字abc123x" were the same password (each Chinese character four U+FFFD), and no POS
     * could ever send it. Such a line, or one longer than any password, is refused 1620, nothing
     * written; a CRLF line is the password without its CR.
     */
    @Test void aPasswordLineThatIsNotUtf8OrOverlongIsRefusedNotReadWithReplacementCharacters() throws Exception {
        byte[] gbk = "中文abc123x\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertEquals(2, run(gbk, "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin"));
        assertTrue(out.contains("\"term_errcode\":\"1620\"") && out.contains("标准输入第 1 行不是 UTF-8 文本"), out);
        assertTrue(err.startsWith("1620 "), err);
        run("", "operator", "list", "--data-dir", dataDir());
        assertFalse(out.contains("A001"), "nothing was added: " + out);

        assertEquals(2, run("a".repeat(4097) + "\n", "operator", "add", "--data-dir", dataDir(),
                "--opter-no", "A001", "--name", "王小明", "--role", "admin", "--password-stdin"));
        assertTrue(err.startsWith("1620 ") && err.contains("超过 4096 字节"), err);

        assertEquals(0, run("Initial-0001\r\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001",
                "--name", "王小明", "--role", "admin", "--password-stdin"), err);
        assertEquals(2, run("Initial-0001\r\n汉字abc-123\n".getBytes(java.nio.charset.Charset.forName("GBK")),
                "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001", "--password-stdin"));
        assertTrue(err.startsWith("1620 ") && err.contains("第 2 行"), err);
        assertEquals("1604", ((OperatorOutcome.Refused<?>) signInCheck("A001", "Initial-0001")).refusal().reason().code(),
                "the CRLF line's password, unchanged by the refused passwd");
    }

    /**
     * A password file written on Windows as "UTF-8" (Notepad before 2019, PowerShell 5's
     * {@code Out-File -Encoding utf8}) starts with a byte order mark. Read as part of the first
     * password, it made the first admin's initial password one nobody can type: the admin was
     * answered 1601 with the password they chose, with no other admin to reset it.
     */
    @Test void aByteOrderMarkBeforeTheFirstPasswordIsNotPartOfIt() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] line = "Initial-0001\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + line.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(line, 0, file, bom.length, line.length);
        assertEquals(0, run(file, "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin"), err);
        assertEquals(0, run("Initial-0001\nAdmin-2026!\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001",
                "--password-stdin"), out + err);
    }

    @Test void disableNeedsAnAdminAndKeepsTheLastAdmin() throws Exception {
        run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin");
        run("Initial-0001\nAdmin-2026!\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001", "--password-stdin");
        run("Admin-2026!\nCashier-2026\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--as", "A001", "--password-stdin");
        assertEquals(2, run("Admin-2026!\n", "operator", "disable", "--data-dir", dataDir(), "--opter-no", "A001",
                "--as", "A001", "--password-stdin"));
        assertTrue(err.startsWith("1617 "), err);
        assertEquals(2, run("wrong-pass-1\n", "operator", "disable", "--data-dir", dataDir(), "--opter-no", "C001",
                "--as", "A001", "--password-stdin"));
        assertTrue(err.startsWith("1601 "), err);
        assertEquals(0, run("Admin-2026!\n", "operator", "disable", "--data-dir", dataDir(), "--opter-no", "C001",
                "--as", "A001", "--password-stdin"), err);
        assertEquals("1603", ((OperatorOutcome.Refused<?>) signInCheck("C001", "Cashier-2026")).refusal().reason().code());
    }

    @Test void anAdminResetsAForgottenPassword() throws Exception {
        run("Initial-0001\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "A001", "--name", "王小明",
                "--role", "admin", "--password-stdin");
        run("Initial-0001\nAdmin-2026!\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "A001", "--password-stdin");
        run("Admin-2026!\nCashier-2026\n", "operator", "add", "--data-dir", dataDir(), "--opter-no", "C001",
                "--name", "张三丰", "--role", "cashier", "--as", "A001", "--password-stdin");
        assertEquals(0, run("Admin-2026!\nTemp-Pass-77\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "C001",
                "--as", "A001", "--must-change", "--password-stdin"), err);
        assertEquals("1604", ((OperatorOutcome.Refused<?>) signInCheck("C001", "Temp-Pass-77")).refusal().reason().code());
        assertEquals(0, run("Temp-Pass-77\nCashier-2027\n", "operator", "passwd", "--data-dir", dataDir(), "--opter-no", "C001",
                "--password-stdin"), err);
        assertTrue(signInCheck("C001", "Cashier-2027") instanceof OperatorOutcome.Done<?>);
    }

    /**
     * A misspelt or not yet provisioned {@code --data-dir}: a command that needs operators already
     * there finds no {@code terminal.db}. It says so (1960, naming the file) and creates nothing;
     * it used to create the folder and an empty database there and answer 1601 工号或密码错误 (or a
     * usage error), sending the technician to look for a wrong password.
     */
    @Test void passwdDisableAndAddByAnAdminWithoutADatabaseAreRefused1960AndCreateNothing() throws Exception {
        Path misspelt = dir.resolve("yibao-termnal");
        Path empty = dir.resolve("not-provisioned");
        for (Path data : new Path[] {misspelt, empty}) {
            if (data == empty) Files.createDirectories(empty);
            String[][] commands = {
                {"Admin-2026!\nNew-Pass-2026\n", "operator", "passwd", "--data-dir", data.toString(), "--opter-no", "A001", "--password-stdin"},
                {"Admin-2026!\nNew-Pass-2026\n", "operator", "passwd", "--data-dir", data.toString(), "--opter-no", "C001", "--as", "A001",
                    "--password-stdin"},
                {"Admin-2026!\n", "operator", "disable", "--data-dir", data.toString(), "--opter-no", "C001", "--as", "A001", "--password-stdin"},
                {"Admin-2026!\nCashier-2026\n", "operator", "add", "--data-dir", data.toString(), "--opter-no", "C001", "--name", "张三丰",
                    "--role", "cashier", "--as", "A001", "--password-stdin"},
            };
            for (String[] command : commands) {
                String[] args = Arrays.copyOfRange(command, 1, command.length);
                String what = String.join(" ", args);
                assertEquals(2, run(command[0], args), what + ": " + out + err);
                assertEquals("{\"term_errcode\":\"1960\",\"err_msg\":\"数据库文件不存在：" + data.resolve("terminal.db") + "\"}", out.strip(), what);
                assertTrue(err.startsWith("1960 数据库文件不存在："), what + ": " + err);
                assertFalse(Files.exists(data.resolve("terminal.db")), what + ": no database is created in a folder that never held one");
                if (data == misspelt) assertFalse(Files.exists(misspelt), what + ": the misspelt folder is not created");
            }
        }
    }
}
