package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Request envelopes for tests, built as JSON trees and written as UTF-8 bytes. */
public final class Envelopes {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String FIXMEDINS = "P43010200001";

    private Envelopes() {
    }

    /** msgid for sequence {@code seq} at 2026-03-02 09:00:00. */
    public static String msgid(int seq) {
        return FIXMEDINS + "20260302090000" + String.format("%04d", seq);
    }

    /** A complete, valid envelope for {@code infno} by {@code opter}. */
    public static ObjectNode envelope(String infno, String msgid, String opter, String signNo) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("infno", infno);
        node.put("msgid", msgid);
        node.put("mdtrtarea_admvs", "430102");
        node.put("insuplc_admdvs", "430102");
        node.put("recer_sys_code", "TERM");
        node.put("dev_no", "");
        node.put("dev_safe_info", "");
        node.put("cainfo", "");
        node.put("signtype", "SM3");
        node.put("infver", "1.0.0");
        node.put("opter_type", "1");
        node.put("opter", opter);
        node.put("opter_name", "张三丰");
        node.put("inf_time", "2026-03-02 09:00:00");
        node.put("fixmedins_code", FIXMEDINS);
        node.put("fixmedins_name", "测试大药房");
        node.put("sign_no", signNo);
        node.putObject("input");
        return node;
    }

    public static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
