package org.yibao.terminal.identity.card;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardResponse;
import org.yibao.drivers.card.CardSession;
import org.yibao.terminal.domain.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a 社会保障卡 on an open {@link CardSession}: selects the 社保 application, optionally
 * verifies the PIN, reads EF05 (short file id first, select-then-read as fallback) and EF06,
 * decodes and checks every record and the expiry against the date it is given. Every failure
 * of spec §2 comes back as a {@link CardReadOutcome.Refused} with its 14xx code; nothing is
 * thrown, so the reader loop carries on with the next card.
 */
public final class SocialSecurityCardReader {
    private static final Logger LOG = LoggerFactory.getLogger(SocialSecurityCardReader.class);
    /**
     * What a card without the 社保 application answers its SELECT: 6A82 (spec §2), or, on cards
     * that do not go that far, 6A81 function not supported, 6A86 selection by name not supported,
     * 6D00 / 6E00 instruction or class not supported (memory, transport and foreign cards), 6999
     * selection failed. Such a card is of another kind, not an unreadable 社保卡.
     */
    private static final java.util.Set<Integer> SW_NO_SUCH_APPLICATION = java.util.Set.of(
            0x6A82, 0x6A81, 0x6A86, 0x6D00, 0x6E00, 0x6999);
    private static final int SW_PIN_BLOCKED = 0x6983;
    /** VERIFY failed without a counter of tries left (ISO 7816-4 63 00). */
    private static final int SW_VERIFY_FAILED = 0x6300;
    /** READ RECORD: no such record (ISO 7816-4 6A 83): the card lacks data, a reinsert cannot help. */
    private static final int SW_RECORD_NOT_FOUND = 0x6A83;
    /** Spec §2: the first 6 characters are the area code; nothing more is required of the rest. */
    private static final Pattern CARD_SN = Pattern.compile("[0-9]{6}[0-9A-Za-z]{0,58}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.]{1,8}");
    private static final Pattern CARD_NO = Pattern.compile("[0-9A-Za-z]{6,20}");
    /** 18 characters, the last a digit or X (a lower-case x is read as X). */
    private static final Pattern CERTNO = Pattern.compile("[0-9]{17}[0-9Xx]");
    private static final Pattern SEX = Pattern.compile("[0129]");
    private static final Pattern NATION = Pattern.compile("0[1-9]|[1-4][0-9]|5[0-6]|9[78]");

    /** Reads the card; {@code pin} empty skips PIN verification. */
    public CardReadOutcome read(CardSession session, LocalDate today, Optional<String> pin) {
        try {
            CardIdentity identity = readIdentity(new Exchange(session), pin);
            if (identity.isExpiredOn(today)) {
                return refused(CardReason.CARD_EXPIRED, "有效期至" + identity.expiryDate());
            }
            LOG.info("social security card read: {}", identity);
            return new CardReadOutcome.Read(identity);
        } catch (Stop stop) {
            return refused(stop.reason, stop.getMessage());
        } catch (MalformedRecordException e) {
            return refused(CardReason.RECORD_MALFORMED, e.getMessage());
        } catch (CardReaderException e) {
            return refused(CardFaults.reason(e.fault()), "");
        }
    }

    private static CardReadOutcome refused(CardReason reason, String detail) {
        LOG.info("social security card refused: {} {}", reason.code(), detail);
        return new CardReadOutcome.Refused(new Refusal(reason, detail));
    }

    private CardIdentity readIdentity(Exchange card, Optional<String> pin)
            throws CardReaderException, MalformedRecordException, Stop {
        CardResponse selected = card.send(CardApdus.selectApplication());
        if (SW_NO_SUCH_APPLICATION.contains(selected.sw())) {
            throw new Stop(CardReason.NOT_SOCIAL_SECURITY_CARD, "");
        }
        card.requireOk(selected, "选择社保应用");
        if (pin.isPresent()) {
            verifyPin(card, pin.get());
        }
        Ef05 ef05 = readEf05(card);
        card.requireOk(card.send(CardApdus.selectFile(CardApdus.EF06)), "选择EF06");
        String certno = CardRecords.ascii(0x08, card.record(0x08), CERTNO).toUpperCase(java.util.Locale.ROOT);
        String name = CardRecords.text(0x09, card.record(0x09));
        String sex = CardRecords.ascii(0x0A, card.record(0x0A), SEX);
        String nation = CardRecords.digitsOrBcd(0x0B, card.record(0x0B), NATION);
        LocalDate birth = CardRecords.bcdDate(0x0D, card.record(0x0D));
        return new CardIdentity(ef05.cardNo, ef05.cardSn, ef05.cardSn.substring(0, 6), ef05.version, ef05.issued,
                ef05.expires, certno, name, sex, nation, birth);
    }

    private record Ef05(String cardSn, String version, LocalDate issued, LocalDate expires, String cardNo) {
    }

    /** EF05 by short file id; a card that refuses SFI reads gets EF05 selected, then plain reads. */
    private Ef05 readEf05(Exchange card) throws CardReaderException, MalformedRecordException, Stop {
        CardResponse first = card.send(CardApdus.readRecordBySfi(0x01, CardApdus.SFI_EF05));
        byte[] sn;
        if (first.isOk()) {
            card.useSfi = true;
            sn = CardRecords.value(0x01, first.data());
        } else {
            card.requireOk(card.send(CardApdus.selectFile(CardApdus.EF05)), "选择EF05");
            card.useSfi = false;
            sn = card.record(0x01);
        }
        String cardSn = CardRecords.ascii(0x01, sn, CARD_SN);
        String version = CardRecords.ascii(0x03, card.record(0x03), VERSION);
        LocalDate issued = CardRecords.bcdDate(0x05, card.record(0x05));
        LocalDate expires = CardRecords.bcdDate(0x06, card.record(0x06));
        String cardNo = CardRecords.ascii(0x07, card.record(0x07), CARD_NO);
        card.useSfi = false;
        return new Ef05(cardSn, version, issued, expires, cardNo);
    }

    private static void verifyPin(Exchange card, String pin) throws CardReaderException, Stop {
        byte[] command;
        try {
            command = CardApdus.verifyPin(pin);
        } catch (IllegalArgumentException e) {
            throw new Stop(CardReason.PIN_WRONG, "密码应为4至12位数字");
        }
        CardResponse answer = card.send(command);
        if (answer.isOk()) {
            return;
        }
        if (answer.sw() == SW_PIN_BLOCKED || answer.sw() == 0x63C0) {
            throw new Stop(CardReason.PIN_BLOCKED, "");
        }
        if (answer.sw1() == 0x63 && (answer.sw2() & 0xF0) == 0xC0) {
            throw new Stop(CardReason.PIN_WRONG, "还可尝试" + (answer.sw2() & 0x0F) + "次");
        }
        if (answer.sw() == SW_VERIFY_FAILED) {
            throw new Stop(CardReason.PIN_WRONG, "");
        }
        throw new Stop(CardReason.RECORD_UNREADABLE, "校验密码 SW=" + sw(answer));
    }

    private static String sw(CardResponse r) {
        return HexFormat.of().withUpperCase().toHexDigits((short) r.sw());
    }

    /** The session plus how records are addressed at the moment (by SFI of EF05, or the selected EF). */
    private static final class Exchange {
        private final CardSession session;
        private boolean useSfi;

        Exchange(CardSession session) {
            this.session = session;
        }

        CardResponse send(byte[] command) throws CardReaderException {
            return session.transmit(command);
        }

        /** Reads a record and returns its value (tag and length checked). */
        byte[] record(int number) throws CardReaderException, MalformedRecordException, Stop {
            byte[] command = useSfi ? CardApdus.readRecordBySfi(number, CardApdus.SFI_EF05) : CardApdus.readRecord(number);
            CardResponse answer = send(command);
            if (answer.sw() == SW_RECORD_NOT_FOUND) {
                throw new MalformedRecordException(CardRecords.name(number) + " 不存在（SW=" + sw(answer) + "）");
            }
            requireOk(answer, CardRecords.name(number));
            return CardRecords.value(number, answer.data());
        }

        void requireOk(CardResponse answer, String step) throws Stop {
            if (!answer.isOk()) {
                throw new Stop(CardReason.RECORD_UNREADABLE, step + " SW=" + sw(answer));
            }
        }
    }

    /** Ends a read with a reason; internal control flow only, never leaves this class. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CardReason reason;

        Stop(CardReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
