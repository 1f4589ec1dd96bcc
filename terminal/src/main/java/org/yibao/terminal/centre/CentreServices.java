package org.yibao.terminal.centre;

/**
 * The request services the reference centre answers on {@code yb/{admdvs}/{fixmedins}/{device}/req/{service}}
 * (MQTT v5 response topic + correlation data; see offline-queue's Requests).
 *
 * <ul>
 *   <li>{@value #PERSON}: body = 1101's input {@code data} ({@code certno}, {@code psn_no},
 *       {@code mdtrt_cert_no}; any one that matches). Answer: {@code {"found":true,"output":{...}}}
 *       with the person in 1101-output form ({@code term_source} "online"), their figures
 *       (balances, year-to-date accumulators) including every claim of theirs the centre accepted,
 *       and {@code term_claims}: the ids of those claims; or {@code {"found":false,"err_msg":"..."}} for a
 *       person it does not know; or {@code {"error":"..."}} when it could not look the person up
 *       (the terminal then uses its cache).</li>
 *   <li>{@value #RECONCILE}: body = {@code {"fixmedins_code","stmt_begndate","stmt_enddate",
 *       "insutype"?, "clr_type"?, "refd_setl_flag"?}}. Answer: the acknowledged totals per
 *       insutype × clr_type (see {@link Reconciliation}).</li>
 * </ul>
 */
public final class CentreServices {
    public static final String PERSON = "person";
    public static final String RECONCILE = "reconcile";

    private CentreServices() {
    }
}
