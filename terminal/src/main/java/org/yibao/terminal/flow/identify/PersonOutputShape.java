package org.yibao.terminal.flow.identify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gives a 1101 output every field the national interface lists, whatever the centre left out:
 * the lists {@code insuinfo}, {@code idetinfo}, {@code term_accuinfo} and {@code term_opspinfo}
 * (empty), and in {@code baseinfo} and each {@code insuinfo} row the spec's fields, with the
 * General rules' empty values ("" for text, 0 for a number). What the centre sent is kept as it
 * is. Pure: shapes the object it is given.
 */
final class PersonOutputShape {
    private static final String[] LISTS = {"insuinfo", "idetinfo", "term_accuinfo", "term_opspinfo"};
    private static final String[] BASE_TEXT = {"psn_no", "psn_cert_type", "certno", "psn_name", "gend", "naty", "brdy"};
    private static final String[] INSU_TEXT = {"insutype", "psn_type", "psn_insu_stas", "psn_insu_date", "paus_insu_date",
        "cvlserv_flag", "insuplc_admdvs", "emp_name"};

    private PersonOutputShape() {
    }

    static ObjectNode complete(ObjectNode out) {
        for (String list : LISTS) {
            if (!out.path(list).isArray()) out.putArray(list);
        }
        ObjectNode base = out.path("baseinfo") instanceof ObjectNode b ? b : out.putObject("baseinfo");
        texts(base, BASE_TEXT);
        if (!base.has("age")) base.put("age", 0);
        for (JsonNode row : out.path("insuinfo")) {
            if (row instanceof ObjectNode insurance) {
                texts(insurance, INSU_TEXT);
                if (!insurance.has("balc")) insurance.put("balc", 0);
            }
        }
        return out;
    }

    private static void texts(ObjectNode node, String[] names) {
        for (String name : names) {
            if (!node.has(name) || node.get(name).isNull()) node.put(name, "");
        }
    }
}
