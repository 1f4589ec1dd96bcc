package org.yibao.terminal.flow.identify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Gives a 1101 output every field the national interface lists, whatever the centre left out:
 * the lists {@code insuinfo}, {@code idetinfo}, {@code term_accuinfo} and {@code term_opspinfo}
 * (empty), and in {@code baseinfo} and each {@code insuinfo}, {@code idetinfo} and
 * {@code term_opspinfo} row the spec's fields, with the General rules' empty values ("" for
 * text, 0 for a number: an age or balc sent as null or "" is 0). What the centre sent is kept as it
 * is. Pure: shapes the object it is given.
 */
final class PersonOutputShape {
    private static final String[] LISTS = {"insuinfo", "idetinfo", "term_accuinfo", "term_opspinfo"};
    private static final String[] BASE_TEXT = {"psn_no", "psn_cert_type", "certno", "psn_name", "gend", "naty", "brdy"};
    private static final String[] INSU_TEXT = {"insutype", "psn_type", "psn_insu_stas", "psn_insu_date", "paus_insu_date",
        "cvlserv_flag", "insuplc_admdvs", "emp_name"};
    private static final String[] IDET_TEXT = {"psn_idet_type", "psn_type_lv", "memo", "begntime", "endtime"};
    private static final String[] OPSP_TEXT = {"opsp_dise_code", "opsp_dise_name", "begndate", "enddate"};

    private PersonOutputShape() {
    }

    static ObjectNode complete(ObjectNode out) {
        for (String list : LISTS) {
            if (!out.path(list).isArray()) out.putArray(list);
        }
        ObjectNode base = out.path("baseinfo") instanceof ObjectNode b ? b : out.putObject("baseinfo");
        texts(base, BASE_TEXT);
        number(base, "age", IntNode.valueOf(0));
        for (JsonNode row : out.path("insuinfo")) {
            if (row instanceof ObjectNode insurance) {
                texts(insurance, INSU_TEXT);
                number(insurance, "balc", DecimalNode.valueOf(BigDecimal.valueOf(0, 2)));
            }
        }
        rows(out.path("idetinfo"), IDET_TEXT);
        rows(out.path("term_opspinfo"), OPSP_TEXT);
        return out;
    }

    private static void rows(JsonNode list, String[] names) {
        for (JsonNode row : list) {
            if (row instanceof ObjectNode object) texts(object, names);
        }
    }

    /** An empty numeric value (absent, null or "") is {@code zero}. */
    private static void number(ObjectNode node, String name, JsonNode zero) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) node.set(name, zero);
    }

    private static void texts(ObjectNode node, String[] names) {
        for (String name : names) {
            if (!node.has(name) || node.get(name).isNull()) node.put(name, "");
        }
    }
}
