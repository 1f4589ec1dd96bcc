package org.yibao.terminal.demo;

import java.time.LocalDate;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;

/**
 * What the demo persons (bundled {@code /demo/persons.json}, all fictitious) carry: 张三丰's
 * 社保卡 for the simulated reader, and 王老五's numbers for the 医保电子凭证 the demo platform
 * issues him.
 */
final class DemoCards {
    /** A 社保卡 of a demo person. */
    record Card(String cardNo, String certno, String name, String sex, LocalDate birth) {
        SimulatedSocialSecurityCard simulated() {
            return SimulatedSocialSecurityCard.of(cardNo, certno, name, sex, DemoSystem.ADMDVS, birth);
        }
    }

    static final Card ZHANG_SANFENG = new Card("D37150201", "371502199001011234", "张三丰", "1", LocalDate.of(1990, 1, 1));
    static final String WANG_LAOWU_PSN_NO = "37150000000000000003";
    static final String WANG_LAOWU_CERTNO = "371502195001013456";

    private DemoCards() {
    }
}
