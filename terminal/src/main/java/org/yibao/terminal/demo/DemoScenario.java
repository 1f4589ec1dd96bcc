package org.yibao.terminal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.centre.CentreServices;
import org.yibao.terminal.privacy.Masking;

/**
 * The narrated demo scenario, played by a POS against the running {@link DemoSystem} over the
 * real HTTP API: sign-in, a card purchase (a simulated 社保卡 inserted into the simulated
 * reader, picked up by 1101 with {@code term_wait_s}) with 甲/乙/丙 lines paid partly from the
 * personal account, a second person identified by ID number, a purchase and its reversal, a
 * voucher purchase (a YBEC1 QR signed by the demo platform, shown to the simulated scanner while
 * 1101 waits), the centre going away (the broker stops), offline settlements, the centre coming
 * back and the backlog draining, and the reconciliation of the day's totals. Prints each step,
 * the split, and the decoded receipts; {@link #run()} answers whether every step did what it
 * should.
 */
public final class DemoScenario {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(90);
    private static final String VOUCHER = "01";
    private static final String ID_NUMBER = "02";
    private static final String CARD = "03";
    /** How long 1101 waits for the card or the QR ({@code term_wait_s}). */
    private static final int WAIT_S = 10;

    private final DemoSystem system;
    private final PrintStream out;
    private final PosClient pos;
    private final DemoCustomer customer;
    private final List<String> failures = new ArrayList<>();
    /** The POS's own day totals per insutype (fen: medfee, fund, acct, entries), sent in 3201 as national POS systems do. */
    private final java.util.Map<String, long[]> ledger = new java.util.TreeMap<>();
    private int step;
    private final long started = System.nanoTime();

    public DemoScenario(DemoSystem system, PrintStream out) {
        this.system = system;
        this.out = out;
        this.pos = new PosClient(system.app().callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME,
                DemoSystem.ADMDVS, DemoSystem.OPERATOR);
        this.customer = new DemoCustomer(system.devices());
    }

    /** Plays the scenario; true when every step succeeded and 3201 balanced. */
    public boolean run() throws IOException, InterruptedException, SQLException {
        try (pos) {
            say("签到 9001：操作员 " + DemoSystem.OPERATOR);
            expectOk(pos.signIn(DemoSystem.PASSWORD), "9001");
            waitOnline();
            JsonNode zhang = identifyByCard(DemoCards.ZHANG_SANFENG);
            say("预结算 2101：张*丰，4 行（甲类 奥美拉唑、乙类 复方丹参、乙类限价 阿托伐他汀、丙类 维生素C），使用个人账户");
            printSplit(expectOk(pos.call("2101", purchase(zhang, "1", cardLines())), "2101"));
            say("结算 2102：同一笔刷卡购药，写入结算、累计、账户余额与申报（一个事务）");
            String setl1 = settle(zhang, "1", cardLines());
            customer.takeCardOut();
            out.println("   取出社保卡");
            JsonNode li = identify("371502195505052345");
            say("结算 2102：李*（城乡居民 390），1 行甲类");
            JsonNode liSettled = settlement(li, "0", List.of(line("1", "P0001", "25.50", "1", "25.50")));
            String setl2 = liSettled.path("setl_id").asText("?");
            say("撤销 2103：撤销李*的结算 " + setl2);
            JsonNode reversed = expectOk(pos.call("2103", reversal(liSettled, li)), "2103");
            printSplit(reversed);
            book(reversed);
            JsonNode wang = identifyByVoucher();
            say("结算 2102：王*五扫码购药，甲类 奥美拉唑 + 乙类限价 阿托伐他汀，使用个人账户");
            String setl3 = settle(wang, "1", List.of(line("1", "P0001", "25.50", "1", "25.50"),
                    line("2", "P0003", "47.80", "14", "3.414286")));
            centreGoesAway();
            say("脱机结算 2102：张*丰再买 1 行乙类（中心不可达，按脱机限额结算）");
            String offline1 = settle(zhang, "1", List.of(line("1", "P0002", "50.00", "1", "50.00")));
            say("脱机结算 2102：李*自费丙类 1 行");
            String offline2 = settle(li, "0", List.of(line("1", "P0004", "20.00", "1", "20.00")));
            sayBacklog();
            centreComesBack();
            reconcile();
            printReceipts();
            say(failures.isEmpty() ? "演示完成：全部步骤成功，对账平衡。" : "演示有失败步骤：" + String.join("；", failures));
            out.println("结算号：" + String.join(", ", setl1, setl2, setl3, offline1, offline2));
            return failures.isEmpty();
        }
    }

    private JsonNode identify(String certno) throws IOException, InterruptedException, SQLException {
        say("人员信息 1101：证件号 " + Masking.number(certno));
        if (system.app().api().handlers().find("1101").isPresent()) {
            ObjectNode input = pos.json().createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", ID_NUMBER).put("mdtrt_cert_no", certno).put("psn_cert_type", "01")
                    .put("certno", certno).put("card_sn", "").put("psn_name", "");
            JsonNode output = expectOk(pos.call("1101", input), "1101").path("output");
            describePerson(output);
            return output;
        }
        byte[] body = pos.json().writeValueAsBytes(pos.json().createObjectNode().put("certno", certno));
        Optional<byte[]> answer = system.app().ask(CentreServices.PERSON, body, Duration.ofSeconds(10));
        JsonNode output = answer.isEmpty() ? null : pos.json().readTree(new String(answer.get(), StandardCharsets.UTF_8)).path("output");
        if (output == null || !output.isObject()) {
            fail("1101：中心未答复人员查询");
            return pos.json().createObjectNode();
        }
        out.println("   （本构建未注册 1101：人员由中心经 MQTT 查询后写入本机缓存）");
        system.app().flows().persons().remember(PersonJson.parse(output), "", pos.json().writeValueAsString(output),
                java.time.Instant.now());
        describePerson(output);
        return output;
    }

    /** Inserts the person's simulated 社保卡 into the simulated reader; 1101 waits for it and reads it. */
    private JsonNode identifyByCard(DemoCards.Card card) throws IOException, InterruptedException {
        say("刷卡 1101：在模拟读卡器插入" + Masking.name(card.name()) + "的社保卡（卡号 " + Masking.cardNo(card.cardNo())
                + "），POS 请终端等待读卡（term_wait_s=" + WAIT_S + "）");
        customer.insertCard(card);
        JsonNode output = expectOk(pos.call("1101", waiting(CARD)), "1101").path("output");
        describePerson(output);
        return output;
    }

    /**
     * 王老五 holds a 医保电子凭证 QR (signed by the demo platform) under the simulated scanner
     * while 1101 waits; the terminal verifies it offline and asks the centre for the person.
     */
    private JsonNode identifyByVoucher() throws IOException, InterruptedException {
        String qr = customer.wangLaowuVoucher(Instant.now());
        say("扫码 1101：王*五出示医保电子凭证（YBEC1，演示平台 SM2 签名，" + qr.length() + " 字符），POS 请终端等待扫码（term_wait_s="
                + WAIT_S + "）");
        JsonNode output = expectOk(customer.showing(qr, () -> pos.call("1101", waiting(VOUCHER))), "1101").path("output");
        describePerson(output);
        return output;
    }

    /** 1101 input without a number: the terminal waits for a card (03) or a QR (01). */
    private ObjectNode waiting(String certType) {
        ObjectNode input = pos.json().createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", certType).put("mdtrt_cert_no", "").put("card_sn", "")
                .put("psn_cert_type", "").put("certno", "").put("psn_name", "").put("term_wait_s", WAIT_S);
        return input;
    }

    private void describePerson(JsonNode output) {
        JsonNode base = output.path("baseinfo");
        JsonNode insu = output.path("insuinfo").path(0);
        out.println("   " + Masking.name(base.path("psn_name").asText()) + "  险种 " + insu.path("insutype").asText()
                + "  人员类别 " + insu.path("psn_type").asText() + "  账户余额 " + insu.path("balc").asText()
                + "  来源 " + output.path("term_source").asText("online"));
    }

    private String settle(JsonNode person, String acctUsed, List<ObjectNode> lines)
            throws IOException, InterruptedException {
        return settlement(person, acctUsed, lines).path("setl_id").asText("?");
    }

    /** Settles (2102) and returns the answer's setlinfo (missing when refused). */
    private JsonNode settlement(JsonNode person, String acctUsed, List<ObjectNode> lines)
            throws IOException, InterruptedException {
        JsonNode answer = expectOk(pos.call("2102", purchase(person, acctUsed, lines)), "2102");
        printSplit(answer);
        book(answer);
        return answer.at("/output/setlinfo");
    }

    private void book(JsonNode answer) {
        JsonNode s = answer.at("/output/setlinfo");
        if (answer.path("infcode").asInt(-1) != 0 || s.isMissingNode()) return;
        long[] t = ledger.computeIfAbsent(s.path("insutype").asText(), k -> new long[4]);
        t[0] += fen(s, "medfee_sumamt");
        t[1] += fen(s, "fund_pay_sumamt");
        t[2] += fen(s, "acct_pay");
        t[3] += 1;
    }

    private static long fen(JsonNode node, String field) {
        return new java.math.BigDecimal(node.path(field).asText("0")).movePointRight(2).longValueExact();
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }

    /**
     * 2101/2102 input for the person of a 1101 answer, with the credential it names in
     * {@code term_certinfo} (the card or QR the terminal read, or the ID number the POS typed).
     */
    private ObjectNode purchase(JsonNode person, String acctUsed, List<ObjectNode> lines) {
        JsonNode base = person.path("baseinfo");
        JsonNode insu = person.path("insuinfo").path(0);
        long total = 0;
        for (ObjectNode l : lines) total += new java.math.BigDecimal(l.path("det_item_fee_sumamt").asText()).movePointRight(2).longValueExact();
        ObjectNode input = pos.json().createObjectNode();
        JsonNode cert = person.path("term_certinfo");
        input.putObject("druginfo").put("psn_no", base.path("psn_no").asText())
                .put("mdtrt_cert_type", cert.path("mdtrt_cert_type").asText())
                .put("mdtrt_cert_no", cert.path("mdtrt_cert_no").asText())
                .put("card_sn", cert.path("card_sn").asText()).put("psn_cert_type", "01")
                .put("certno", base.path("certno").asText()).put("psn_type", insu.path("psn_type").asText())
                .put("psn_name", base.path("psn_name").asText()).put("begntime", BeijingTime.now().format(TIME))
                .put("medfee_sumamt", java.math.BigDecimal.valueOf(total, 2).toPlainString())
                .put("insutype", insu.path("insutype").asText()).put("dise_codg", "").put("dise_name", "")
                .put("acct_used_flag", acctUsed).put("med_type", "41").put("invono", "");
        ArrayNode detail = input.putArray("drugdetail");
        lines.forEach(detail::add);
        return input;
    }

    private List<ObjectNode> cardLines() {
        return List.of(line("1", "P0001", "51.00", "2", "25.50"), line("2", "P0002", "150.00", "3", "50.00"),
                line("3", "P0003", "95.60", "28", "3.414286"), line("4", "P0004", "20.00", "1", "20.00"));
    }

    private ObjectNode line(String sn, String localCode, String amount, String cnt, String price) {
        return pos.json().createObjectNode().put("feedetl_sn", sn).put("rxno", "").put("rx_circ_flag", "0")
                .put("fee_ocur_time", BeijingTime.now().format(TIME)).put("med_list_codg", "").put("medins_list_codg", localCode)
                .put("det_item_fee_sumamt", amount).put("cnt", cnt).put("pric", price).put("bilg_dr_codg", "").put("bilg_dr_name", "");
    }

    /** The 2103 of a settlement: its setl_id and mdtrt_id from the 2102 setlinfo, and the person's psn_no. */
    private ObjectNode reversal(JsonNode setlinfo, JsonNode person) {
        ObjectNode input = pos.json().createObjectNode();
        input.putObject("data").put("setl_id", setlinfo.path("setl_id").asText()).put("mdtrt_id", setlinfo.path("mdtrt_id").asText())
                .put("psn_no", person.at("/baseinfo/psn_no").asText());
        return input;
    }

    private void printSplit(JsonNode answer) {
        JsonNode s = answer.at("/output/setlinfo");
        if (s.isMissingNode()) return;
        out.println("   总额 " + s.path("medfee_sumamt").asText() + "  统筹 " + s.path("fund_pay_sumamt").asText()
                + "  账户 " + s.path("acct_pay").asText() + "  现金 " + s.path("psn_cash_pay").asText()
                + (s.path("setl_id").isMissingNode() ? "" : "  结算号 " + s.path("setl_id").asText())
                + (answer.path("warn_msg").asText("").isEmpty() ? "" : "  提示：" + answer.path("warn_msg").asText()));
        for (JsonNode d : answer.at("/output/detlcutinfo")) {
            out.println("     行" + d.path("feedetl_sn").asText() + " " + d.path("chrgitm_lv").asText() + "  全自费 "
                    + d.path("fulamt_ownpay_amt").asText() + "  超限 " + d.path("overlmt_amt").asText() + "  先行自付 "
                    + d.path("preselfpay_amt").asText() + "  符合范围 " + d.path("inscp_scp_amt").asText());
        }
    }

    private void centreGoesAway() throws InterruptedException, SQLException {
        waitClaimsAcknowledged();
        say("中心离线：停止 MQTT 服务器（网络中断）");
        Optional<EmbeddedBroker> broker = system.broker();
        if (broker.isEmpty()) {
            out.println("   （外部 MQTT 服务器不由演示控制：跳过）");
            return;
        }
        broker.get().stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (system.app().online() && System.nanoTime() < deadline) Thread.sleep(50);
        out.println("   上行链路：" + (system.app().online() ? "仍在线" : "离线"));
    }

    /** The claims before the outage reach the centre first, so step 13 counts the offline ones alone. */
    private void waitClaimsAcknowledged() throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (system.app().claimsWaiting() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private void sayBacklog() throws SQLException {
        long claims = system.app().claimsWaiting();
        long control = system.app().backlog() - claims;
        say("脱机期间待申报：" + claims + " 笔" + (control > 0 ? "（另有 " + control + " 条控制消息待发）" : ""));
    }

    private void centreComesBack() throws InterruptedException, SQLException {
        say("中心恢复：重启 MQTT 服务器，积压申报按序补传");
        system.broker().ifPresent(EmbeddedBroker::resume);
        waitOnline();
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (system.app().backlog() > 0 && System.nanoTime() < deadline) Thread.sleep(100);
        long left = system.app().backlog();
        out.println("   待申报：" + left + " 笔");
        if (left > 0) fail("积压未在 " + DRAIN_LIMIT.toSeconds() + " 秒内补传完毕");
    }

    private void waitOnline() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!system.app().online() && System.nanoTime() < deadline) Thread.sleep(50);
        if (!system.app().online()) fail("上行链路未连接到 MQTT 服务器");
    }

    private void reconcile() throws IOException, InterruptedException, SQLException {
        LocalDate today = BeijingTime.today();
        say("对总账 3201：本机当日合计与中心已确认合计，按 险种 × 清算类别");
        if (system.app().api().handlers().find("3201").isPresent()) {
            for (var entry : ledger.entrySet()) {
                String insutype = entry.getKey();
                long[] t = entry.getValue();
                out.println("   收银系统上报 " + insutype + "/41：总额 " + yuan(t[0]) + " 统筹 " + yuan(t[1]) + " 账户 " + yuan(t[2])
                        + " 笔数 " + t[3]);
                ObjectNode input = pos.json().createObjectNode();
                input.putObject("data").put("insutype", insutype).put("clr_type", "41").put("setl_optins", DemoSystem.ADMDVS)
                        .put("stmt_begndate", today.toString()).put("stmt_enddate", today.toString()).put("refd_setl_flag", "1")
                        .put("medfee_sumamt", yuan(t[0])).put("fund_pay_sumamt", yuan(t[1])).put("acct_pay", yuan(t[2]))
                        .put("fixmedins_setl_cnt", t[3]);
                JsonNode answer = expectOk(pos.call("3201", input), "3201");
                JsonNode info = answer.at("/output/stmtinfo");
                out.println("   " + insutype + "/41：" + info.path("stmt_rslt_dscr").asText(info.toString()));
                if (!"0".equals(info.path("stmt_rslt").asText())) fail("3201 " + insutype + " 不平");
            }
        } else {
            out.println("   （本构建未注册 3201）");
        }
        say("参考中心的合计（reconcile 服务，经 MQTT 请求/应答）与本机结算库逐组核对");
        DemoReconciliation.Result result = DemoReconciliation.compare(system.app(), today, pos.json());
        result.lines().forEach(l -> out.println("   " + l));
        if (!result.balanced()) fail("对账不平");
    }

    private void printReceipts() throws InterruptedException {
        if (!system.app().flows().awaitReceipts(java.time.Duration.ofSeconds(30))) fail("小票 30 秒内未打印完");
        List<byte[]> printed = system.printer().printed();
        say("打印的小票（ESC/POS 字节解码）：" + printed.size() + " 张");
        for (byte[] bytes : printed) {
            out.println("----------------------------------------");
            out.println(EscPosDecoder.decode(bytes).transcript());
        }
        out.println("----------------------------------------");
    }

    private JsonNode expectOk(JsonNode answer, String infno) {
        if (answer.path("infcode").asInt(-1) != 0) {
            String why = answer.path("err_msg").asText("") + " " + answer.path("term_errcode").asText("");
            out.println("   ✗ " + infno + " 失败：" + why.trim());
            fail(infno + "：" + why.trim());
        } else {
            out.println("   ✓ " + infno + " 成功");
        }
        return answer;
    }

    private void fail(String what) {
        failures.add(what);
    }

    private void say(String text) {
        out.println();
        out.println("【" + (++step) + "】" + text + "  (+" + (System.nanoTime() - started) / 100_000_000 / 10.0 + " s)");
        out.flush();
    }

    /** Convenience for callers that only need the app. */
    TerminalApp app() {
        return system.app();
    }
}
