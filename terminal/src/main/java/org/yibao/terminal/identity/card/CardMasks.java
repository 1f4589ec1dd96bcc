package org.yibao.terminal.identity.card;

import java.time.LocalDate;
import org.yibao.terminal.privacy.Masking;

/**
 * Masks the personal data of a card for logs and screens, with the terminal's common rules
 * ({@link Masking}: 张*丰, 3715**********1234). The 卡号 is short (9 characters), so
 * it keeps only its first and last two characters; the 卡识别码 keeps its area code (which is
 * not personal) and its last four.
 */
public final class CardMasks {
    private CardMasks() {
    }

    public static String name(String name) {
        return Masking.name(name);
    }

    public static String certno(String certno) {
        return Masking.number(certno);
    }

    public static String cardNo(String cardNo) {
        return cardNo == null ? "-" : Masking.cardNo(cardNo);
    }

    /**
     * The birth date masked whole (****-**-**): it is digits 7-14 of the 社会保障号码, so beside a
     * masked certno (3715**********1234) it would give back eight of the ten digits hidden.
     */
    public static String birthDate(LocalDate birthDate) {
        return birthDate == null ? "" : birthDate.toString().replaceAll("\\d", "*");
    }

    public static String cardSn(String cardSn) {
        if (cardSn == null || cardSn.length() < 20) { // area + last 4 would show 10 of a shorter one, more than half
            return Masking.number(cardSn);
        }
        return cardSn.substring(0, 6) + "*".repeat(cardSn.length() - 10) + cardSn.substring(cardSn.length() - 4);
    }
}
