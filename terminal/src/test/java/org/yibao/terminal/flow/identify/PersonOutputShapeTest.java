package org.yibao.terminal.flow.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.api.json.Json;

/**
 * The 1101 answer lists every field national-interface.md names for 1101's output, in every row,
 * with the General rules' empty values ("an empty numeric value is 0, other empty values are
 * ''") where the centre left one out or sent it empty; what it sent stays.
 */
class PersonOutputShapeTest {

    private static ObjectNode answer(String json) {
        return PersonOutputShape.complete((ObjectNode) Json.parse(json, "person"));
    }

    /** Spec, 1101 output: idetinfo[]: psn_idet_type, psn_type_lv, memo, begntime, endtime. */
    @Test void everyIdetinfoRowHasTheSpecsFields() {
        JsonNode row = answer("""
                {"baseinfo": {"psn_no": "P1"}, "insuinfo": [],
                 "idetinfo": [{"psn_idet_type": "2301", "begntime": "2026-01-01 00:00:00"}]}
                """).at("/idetinfo/0");
        assertEquals("2301", row.path("psn_idet_type").textValue(), "what was sent stays");
        assertEquals("2026-01-01 00:00:00", row.path("begntime").textValue());
        for (String field : new String[] {"psn_type_lv", "memo", "endtime"}) {
            assertEquals("", row.path(field).textValue(), field + " in " + row);
        }
    }

    /** Spec, 1101 output: term_opspinfo[]: opsp_dise_code, opsp_dise_name, begndate, enddate (an open approval has none). */
    @Test void everyOpspRowHasTheSpecsFields() {
        JsonNode row = answer("""
                {"baseinfo": {"psn_no": "P1"}, "insuinfo": [],
                 "term_opspinfo": [{"opsp_dise_code": "M03900", "begndate": "2026-01-01", "enddate": null}]}
                """).at("/term_opspinfo/0");
        assertEquals("M03900", row.path("opsp_dise_code").textValue());
        assertEquals("2026-01-01", row.path("begndate").textValue());
        assertEquals("", row.path("opsp_dise_name").textValue(), row.toString());
        assertEquals("", row.path("enddate").textValue(), row.toString());
    }

    /** General rules: an empty numeric value is 0, so an age or balc sent as null or "" is the number 0. */
    @Test void anEmptyAgeOrBalanceIsTheNumberZero() {
        ObjectNode out = answer("""
                {"baseinfo": {"psn_no": "P1", "age": null},
                 "insuinfo": [{"insutype": "310", "balc": ""}, {"insutype": "390", "balc": null}, {"insutype": "320"}]}
                """);
        JsonNode age = out.at("/baseinfo/age");
        assertTrue(age.isNumber(), "age " + age);
        assertEquals(0, age.intValue());
        for (JsonNode row : out.path("insuinfo")) {
            JsonNode balc = row.path("balc");
            assertTrue(balc.isNumber(), "balc " + balc + " in " + row);
            assertEquals(0, balc.decimalValue().signum());
        }
        assertEquals(36, answer("{\"baseinfo\": {\"psn_no\": \"P1\", \"age\": 36}, \"insuinfo\": []}")
                .at("/baseinfo/age").intValue(), "what was sent stays");
    }
}
