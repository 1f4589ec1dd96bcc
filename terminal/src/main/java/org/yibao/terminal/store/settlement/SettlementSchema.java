package org.yibao.terminal.store.settlement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settlement tables in the terminal database: the per-device setl_id sequence, the
 * settlements (amounts in fen, versions, offline flag, state and reversal link, claim ids)
 * and their lines. Created when missing; never dropped.
 */
final class SettlementSchema {
    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS setl_sequence(
          device_id TEXT PRIMARY KEY,
          next_seq  INTEGER NOT NULL CHECK (next_seq > 0))""",
        """
        CREATE TABLE IF NOT EXISTS settlement(
          setl_id          TEXT PRIMARY KEY,
          mdtrt_id         TEXT NOT NULL,
          msgid            TEXT NOT NULL UNIQUE,
          infno            TEXT NOT NULL,
          psn_no           TEXT NOT NULL,
          insutype         TEXT NOT NULL,
          psn_type         TEXT NOT NULL,
          med_type         TEXT NOT NULL,
          clr_type         TEXT NOT NULL,
          dise_codg        TEXT NOT NULL,
          opter_type       TEXT NOT NULL,
          setl_time        TEXT NOT NULL,
          setl_date        TEXT NOT NULL,
          medfee_sumamt    INTEGER NOT NULL,
          fund_pay_sumamt  INTEGER NOT NULL,
          hifp_pay         INTEGER NOT NULL,
          acct_pay         INTEGER NOT NULL,
          psn_cash_pay     INTEGER NOT NULL,
          accu_group       TEXT NOT NULL,
          accu_year        INTEGER NOT NULL,
          d_dedc_used      INTEGER NOT NULL,
          d_fund_paid      INTEGER NOT NULL,
          d_inscp_over_dedc INTEGER NOT NULL,
          rule_id          TEXT NOT NULL,
          policy_ver       TEXT NOT NULL,
          catalog_ver      TEXT NOT NULL,
          codemap_ver      TEXT NOT NULL,
          offline          INTEGER NOT NULL CHECK (offline IN (0,1)),
          state            TEXT NOT NULL CHECK (state IN ('SETTLED','REVERSED')),
          claim_id         TEXT NOT NULL,
          reversal_msgid   TEXT UNIQUE,
          reversal_time    TEXT,
          reversal_claim_id TEXT,
          output_json      TEXT NOT NULL,
          CHECK (medfee_sumamt >= 0 AND fund_pay_sumamt >= 0 AND acct_pay >= 0 AND psn_cash_pay >= 0))""",
        "CREATE INDEX IF NOT EXISTS settlement_date ON settlement(setl_date)",
        "CREATE INDEX IF NOT EXISTS settlement_mdtrt ON settlement(mdtrt_id)",
        "CREATE INDEX IF NOT EXISTS settlement_psn ON settlement(psn_no)",
        """
        CREATE TABLE IF NOT EXISTS settlement_line(
          setl_id          TEXT NOT NULL REFERENCES settlement(setl_id),
          feedetl_sn       TEXT NOT NULL,
          med_list_codg    TEXT NOT NULL,
          medins_list_codg TEXT NOT NULL,
          amount           INTEGER NOT NULL,
          pric             TEXT NOT NULL,
          cnt              TEXT NOT NULL,
          fulamt_ownpay    INTEGER NOT NULL,
          overlmt          INTEGER NOT NULL,
          preselfpay       INTEGER NOT NULL,
          inscp            INTEGER NOT NULL,
          chrgitm_lv       TEXT NOT NULL,
          PRIMARY KEY (setl_id, feedetl_sn),
          CHECK (fulamt_ownpay + overlmt + preselfpay + inscp = amount))""",
        """
        CREATE TABLE IF NOT EXISTS clinic_visit(
          mdtrt_id   TEXT PRIMARY KEY,
          psn_no     TEXT NOT NULL,
          insutype   TEXT NOT NULL,
          ipt_otp_no TEXT NOT NULL,
          msgid      TEXT NOT NULL UNIQUE,
          begntime   TEXT NOT NULL,
          fees_json  TEXT NOT NULL DEFAULT '[]')""",
    };

    private SettlementSchema() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String ddl : DDL) s.execute(ddl);
        }
    }
}
