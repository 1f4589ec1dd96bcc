package org.yibao.terminal.flow.identify;

import java.util.Objects;
import org.yibao.terminal.identity.card.CardIdentity;
import org.yibao.terminal.identity.voucher.VerifiedVoucher;

/**
 * What identifies the person in a 1101: a card read on the reader, a verified e-voucher
 * scanned on the scanner, or numbers the host sent (an ID number, a card number the POS read
 * itself, an ecToken). {@code toString} never shows the numbers.
 */
public sealed interface Presented {
    /** mdtrt_cert_type of the answer. */
    String certType();

    /** The query the centre's person service matches (certno, psn_no or mdtrt_cert_no). */
    record Query(String certno, String psnNo, String mdtrtCertNo, String cardSn, String cardNo) {
        public Query {
            certno = Objects.requireNonNullElse(certno, "");
            psnNo = Objects.requireNonNullElse(psnNo, "");
            mdtrtCertNo = Objects.requireNonNullElse(mdtrtCertNo, "");
            cardSn = Objects.requireNonNullElse(cardSn, "");
            cardNo = Objects.requireNonNullElse(cardNo, "");
        }

        @Override
        public String toString() {
            return "Query[masked]";
        }
    }

    /** The lookup keys of this presentation. */
    Query query();

    /** A 社保卡 read on the terminal's reader (mdtrt_cert_type 03). */
    record Card(CardIdentity card) implements Presented {
        public String certType() {
            return "03";
        }

        public Query query() {
            return new Query(card.certno(), "", card.cardNo(), card.cardSn(), card.cardNo());
        }
    }

    /** A verified 医保电子凭证 scanned on the terminal's scanner (mdtrt_cert_type 01). */
    record Voucher(VerifiedVoucher voucher) implements Presented {
        public String certType() {
            return "01";
        }

        public Query query() {
            return new Query("", voucher.psnNo(), voucher.ecToken(), "", "");
        }
    }

    /** Numbers sent by the host: type 01 (ecToken), 02 (ID number) or 03 (card number + card_sn). */
    record Sent(String certType, Query query) implements Presented {
        public Sent {
            Objects.requireNonNull(certType, "certType");
            Objects.requireNonNull(query, "query");
        }
    }
}
