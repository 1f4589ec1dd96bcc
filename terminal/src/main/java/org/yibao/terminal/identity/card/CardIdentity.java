package org.yibao.terminal.identity.card;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The holder and card data read from a 社会保障卡: what 1101 needs as mdtrt_cert_type "03"
 * (mdtrt_cert_no = 卡号, card_sn = 卡识别码) plus the holder's certificate, name and birth
 * data. {@link #toString()} is masked; use the accessors (or {@link CardMasks}) deliberately.
 *
 * @param cardNo     卡号 (EF05 07), sent as mdtrt_cert_no
 * @param cardSn     卡识别码 (EF05 01), sent as card_sn
 * @param area       the issuing area code: the first 6 characters of the 卡识别码
 * @param version    规范版本 (EF05 03), e.g. "3.00"
 * @param issueDate  发卡日期 (EF05 05)
 * @param expiryDate 卡有效期 (EF05 06), the last day the card is valid
 * @param certno     社会保障号码 (EF06 08), the citizen ID number
 * @param name       姓名 (EF06 09)
 * @param sex        "1" male, "2" female (EF06 0A)
 * @param nation     民族 "01".."56" (EF06 0B)
 * @param birthDate  出生日期 (EF06 0D)
 */
public record CardIdentity(String cardNo, String cardSn, String area, String version, LocalDate issueDate,
                           LocalDate expiryDate, String certno, String name, String sex, String nation,
                           LocalDate birthDate) {
    /** mdtrt_cert_type of a social security card. */
    public static final String MDTRT_CERT_TYPE = "03";
    /** psn_cert_type of the 社会保障号码 (居民身份证). */
    public static final String PSN_CERT_TYPE = "01";

    public CardIdentity {
        Objects.requireNonNull(cardNo, "cardNo");
        Objects.requireNonNull(cardSn, "cardSn");
        Objects.requireNonNull(certno, "certno");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expiryDate, "expiryDate");
    }

    /** Whether the card is past its 有效期 on {@code today} (it is valid through the expiry date). */
    public boolean isExpiredOn(LocalDate today) {
        return today.isAfter(expiryDate);
    }

    /** Personal data masked: safe for logs. */
    @Override public String toString() {
        return "CardIdentity[cardNo=" + CardMasks.cardNo(cardNo) + ", cardSn=" + CardMasks.cardSn(cardSn)
                + ", area=" + area + ", version=" + version + ", expiry=" + expiryDate
                + ", certno=" + CardMasks.certno(certno) + ", name=" + CardMasks.name(name) + "]";
    }
}
