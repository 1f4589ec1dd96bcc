package org.yibao.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request envelopes as a POS sends them to the demo institution, each with its own msgid
 * ({@code fixmedins_code + yyyyMMddHHmmss + 4 digits}): the time part starts at the run's start
 * and moves one second every 10,000 messages, so msgids never repeat within a run.
 */
public final class Envelopes {
    public static final String FIXMEDINS_CODE = "H00000000001";
    public static final String FIXMEDINS_NAME = "演示药店";
    public static final String ADMDVS = "371502";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ObjectMapper json;
    private final LocalDateTime start = LocalDateTime.now().withNano(0);
    private final AtomicLong next = new AtomicLong();

    public Envelopes(ObjectMapper json) {
        this.json = json;
    }

    /** A new msgid. */
    public String msgid() {
        long n = next.getAndIncrement();
        return FIXMEDINS_CODE + start.plusSeconds(n / 10_000).format(STAMP) + String.format("%04d", n % 10_000);
    }

    /** The envelope of {@code infno} for operator {@code opter} with {@code signNo} around {@code input}. */
    public ObjectNode envelope(String infno, String opter, String signNo, ObjectNode input) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("infno", infno).put("msgid", msgid()).put("mdtrtarea_admvs", ADMDVS).put("insuplc_admdvs", ADMDVS)
                .put("recer_sys_code", "TERM").put("dev_no", "").put("dev_safe_info", "").put("cainfo", "")
                .put("signtype", "SM3").put("infver", "1.0.0").put("opter_type", "1").put("opter", opter)
                .put("opter_name", "收款员").put("inf_time", LocalDateTime.now().format(INF_TIME))
                .put("fixmedins_code", FIXMEDINS_CODE).put("fixmedins_name", FIXMEDINS_NAME).put("sign_no", signNo);
        envelope.set("input", input);
        return envelope;
    }
}
