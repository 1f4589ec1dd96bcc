package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaders;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.terminal.domain.Refusal;

/** Reading the card through the simulated reader twin: every outcome of spec §2. */
class SocialSecurityCardReaderTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private final SimulatedCardReader reader = (SimulatedCardReader) CardReaders.open(
            CardReaderConfig.of(CardReaderConfig.SIMULATED, ""));
    private final CardReadService service = new CardReadService(reader, new SocialSecurityCardReader());
    private final SimulatedSocialSecurityCard card = new SimulatedSocialSecurityCard();

    private CardReadOutcome read(Optional<String> pin) {
        reader.insertCard(card);
        return service.readNext(Duration.ZERO, TODAY, pin);
    }

    private static CardIdentity identity(CardReadOutcome outcome) {
        return assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString()).identity();
    }

    private static Refusal refusal(CardReadOutcome outcome) {
        return assertInstanceOf(CardReadOutcome.Refused.class, outcome, outcome.toString()).refusal();
    }

    @Test void readsEveryFieldOfAGoodCard() {
        CardIdentity id = identity(read(Optional.empty()));
        assertEquals("S37150012", id.cardNo());
        assertEquals("371500D15600000500BF7C7A48FB4966", id.cardSn());
        assertEquals("371500", id.area());
        assertEquals("3.00", id.version());
        assertEquals(LocalDate.of(2021, 12, 31), id.issueDate());
        assertEquals(LocalDate.of(2036, 12, 31), id.expiryDate());
        assertEquals("371502198801011234", id.certno());
        assertEquals("张三", id.name());
        assertEquals("1", id.sex());
        assertEquals("01", id.nation());
        assertEquals(LocalDate.of(1988, 1, 1), id.birthDate());
    }

    @Test void toStringMasksPersonalData() {
        String text = identity(read(Optional.empty())).toString();
        assertTrue(text.contains("3715**********1234"), text);
        assertTrue(text.contains("张*"), text);
        assertFalse(text.contains("张三") || text.contains("371502198801011234") || text.contains("S37150012"), text);
    }

    @Test void fallsBackToSelectThenReadWhenSfiIsRefused() {
        card.sfiRefused = true;
        assertEquals("S37150012", identity(read(Optional.empty())).cardNo());
    }

    /** A card that refuses EF05 both ways is stopped at the SELECT, before any record is read from another file. */
    @Test void aCardThatRefusesTheSelectOfEf05IsStoppedThere() {
        card.sfiRefused = true;
        byte[] selectEf05 = CardApdus.selectFile(CardApdus.EF05);
        java.util.List<String> sent = new java.util.ArrayList<>();
        reader.insertCard(new org.yibao.drivers.card.simulated.SimulatedCard() {
            @Override public byte[] atr() {
                return card.atr();
            }

            @Override public byte[] process(byte[] command) {
                sent.add(HexFormat.of().formatHex(command));
                return java.util.Arrays.equals(command, selectEf05) ? new byte[] {0x6A, (byte) 0x82} : card.process(command);
            }
        });
        Refusal r = refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty()));
        assertEquals(CardReason.RECORD_UNREADABLE, r.reason());
        assertTrue(r.toString().contains("选择EF05"), r.toString());
        assertEquals(HexFormat.of().formatHex(selectEf05), sent.getLast(), "nothing is read after the refused SELECT: " + sent);
    }

    @Test void followsChainedResponses() {
        card.chained = true;
        assertEquals("张三", identity(read(Optional.empty())).name());
    }

    @Test void nameIsDecodedFromGbkWithSpacePadding() {
        byte[] padded = new byte[30];
        java.util.Arrays.fill(padded, (byte) ' ');
        byte[] name = "欧阳娜娜".getBytes(java.nio.charset.Charset.forName("GBK"));
        System.arraycopy(name, 0, padded, 0, name.length);
        card.ef06.put(0x09, padded);
        assertEquals("欧阳娜娜", identity(read(Optional.empty())).name());
    }

    @Test void notASocialSecurityCard() {
        card.notSocialSecurity = true;
        assertEquals(CardReason.NOT_SOCIAL_SECURITY_CARD, refusal(read(Optional.empty())).reason());
    }

    /**
     * A card of another kind that does not answer the SELECT with 6A82 (a transport card or a
     * foreign chip: class or instruction not supported) is not a 社保卡 (1404), not an unreadable
     * one (1405, which sends the cashier to insert the same wrong card again).
     */
    @Test void aCardOfAnotherKindThatRefusesTheSelectOtherwiseIsNotASocialSecurityCard() {
        for (int sw : new int[] {0x6E00, 0x6D00, 0x6A81, 0x6999}) {
            reader.insertCard(new org.yibao.drivers.card.simulated.SimulatedCard() {
                @Override public byte[] atr() {
                    return HexFormat.of().parseHex("3B8F8001804F0CA000000306030001000000006A");
                }

                @Override public byte[] process(byte[] command) {
                    return new byte[] {(byte) (sw >>> 8), (byte) sw};
                }
            });
            Refusal r = refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty()));
            assertEquals(CardReason.NOT_SOCIAL_SECURITY_CARD, r.reason(), Integer.toHexString(sw));
            reader.removeCard();
        }
    }

    @Test void expiredCardIsRefusedAndValidThroughItsLastDay() {
        card.ef05.put(0x06, HexFormat.of().parseHex("20261122"));
        Refusal r = refusal(read(Optional.empty()));
        assertEquals(CardReason.CARD_EXPIRED, r.reason());
        assertEquals("1407", r.reason().code());
        card.ef05.put(0x06, HexFormat.of().parseHex("20261123"));
        identity(read(Optional.empty()));
    }

    @Test void malformedRecordsAreRefusedByName() {
        card.ef06.put(0x0D, HexFormat.of().parseHex("19881301"));
        Refusal r = refusal(read(Optional.empty()));
        assertEquals(CardReason.RECORD_MALFORMED, r.reason());
        assertEquals("社保卡数据格式错误，请参保人到发卡机构检查：记录0D 日期无效", r.errMsg());
    }

    @Test void aCertificateNumberOfTheWrongShapeIsMalformed() {
        card.ef06.put(0x08, SimulatedSocialSecurityCard.ascii("37150219880101"));
        assertEquals(CardReason.RECORD_MALFORMED, refusal(read(Optional.empty())).reason());
    }

    /**
     * Spec §2: each record answers {@code <tag> <len> <value>} then 90 00. A 姓名 record whose
     * length byte covers only 张 of 张三 is malformed, not read as the name 张.
     */
    @Test void aRecordLongerThanItsLengthByteIsMalformed() {
        reader.insertCard(new org.yibao.drivers.card.simulated.SimulatedCard() {
            @Override public byte[] atr() {
                return card.atr();
            }

            @Override public byte[] process(byte[] command) {
                byte[] answer = card.process(command);
                if ((command[1] & 0xFF) == 0xB2 && command[2] == 0x09) {
                    answer[1] = 2; // 09 02 D5C5 C8FD 2020... 9000
                }
                return answer;
            }
        });
        Refusal r = refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty()));
        assertEquals(CardReason.RECORD_MALFORMED, r.reason());
        assertEquals("社保卡数据格式错误，请参保人到发卡机构检查：记录09 长度不符", r.errMsg());
    }

    /**
     * A record the card does not hold (6A83) is the card's data, not the read: "请重新插卡" (1405)
     * could not help, the card must go to its issuer (1406). Black-box card review of 2026-12-07.
     */
    @Test void aMissingRecordIsMalformed() {
        card.ef05.remove(0x07);
        Refusal r = refusal(read(Optional.empty()));
        assertEquals(CardReason.RECORD_MALFORMED, r.reason());
        assertTrue(r.detail().contains("6A83") && r.detail().contains("07"), r.detail());
    }

    /**
     * 民族 (EF06 0B) as the national card standard stores it, one BCD byte (0x01), as well as
     * the two characters "01" the spec shows: a card of either kind reads (it was 1406 for the
     * BCD byte). Black-box card review of 2026-12-07.
     */
    @Test void theNationReadsAsOneBcdByteOrTwoDigits() {
        card.ef06.put(0x0B, new byte[] {0x56});
        assertEquals("56", identity(read(Optional.empty())).nation());
        card.ef06.put(0x0B, new byte[] {0x5A});
        assertEquals(CardReason.RECORD_MALFORMED, refusal(read(Optional.empty())).reason());
        card.ef06.put(0x0B, new byte[] {0x57});
        assertEquals(CardReason.RECORD_MALFORMED, refusal(read(Optional.empty())).reason(), "57 is no nation");
    }

    /** Spec §2: "rec 01 卡识别码 (first 6 chars = area code)": nothing more is required of it. */
    @Test void aCardIdentifierOfOnlyItsAreaCodeReads() {
        card.ef05.put(0x01, SimulatedSocialSecurityCard.ascii("371500"));
        CardIdentity id = identity(read(Optional.empty()));
        assertEquals("371500", id.cardSn());
        assertEquals("371500", id.area());
        card.ef05.put(0x01, SimulatedSocialSecurityCard.ascii("37150"));
        assertEquals(CardReason.RECORD_MALFORMED, refusal(read(Optional.empty())).reason());
    }

    /** A check character written as a lower-case x is the same 社会保障号码: read as X. */
    @Test void aLowerCaseXInTheCertificateNumberReadsAsX() {
        card.ef06.put(0x08, SimulatedSocialSecurityCard.ascii("37150219880101123x"));
        assertEquals("37150219880101123X", identity(read(Optional.empty())).certno());
    }

    /** A VERIFY answered 6300 (failed, no counter given) is a wrong PIN, not an unreadable card. */
    @Test void aPinRefusedWithoutACounterIsAWrongPin() {
        reader.insertCard(new org.yibao.drivers.card.simulated.SimulatedCard() {
            @Override public byte[] atr() {
                return card.atr();
            }

            @Override public byte[] process(byte[] command) {
                return (command[1] & 0xFF) == 0x20 ? new byte[] {0x63, 0x00} : card.process(command);
            }
        });
        Refusal r = refusal(service.readNext(Duration.ZERO, TODAY, Optional.of("123456")));
        assertEquals(CardReason.PIN_WRONG, r.reason(), r.errMsg());
    }

    @Test void rightPinReads() {
        assertEquals("张三", identity(read(Optional.of("123456"))).name());
    }

    @Test void wrongPinTellsTheTriesLeftThenBlocks() {
        Refusal first = refusal(read(Optional.of("000000")));
        assertEquals(CardReason.PIN_WRONG, first.reason());
        assertEquals("社保卡密码错误：还可尝试2次", first.errMsg());
        refusal(read(Optional.of("000000")));
        assertEquals(CardReason.PIN_BLOCKED, refusal(read(Optional.of("000000"))).reason());
        assertEquals(CardReason.PIN_BLOCKED, refusal(read(Optional.of("123456"))).reason());
    }

    @Test void aPinThatIsNotDigitsIsNeverSent() {
        assertEquals(CardReason.PIN_WRONG, refusal(read(Optional.of("12ab"))).reason());
        assertEquals(3, card.pinTries);
    }

    @Test void cardPulledOutDuringTheReadIsCardRemoved() {
        card.beforeRecord = rec -> {
            if (rec == 0x09) {
                reader.removeCard();
            }
        };
        reader.insertCard(card);
        card.chained = true;
        assertEquals(CardReason.CARD_REMOVED, refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty())).reason());
    }

    @Test void noCardAndNoReaderAreTold() {
        assertEquals(CardReason.NO_CARD, refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty())).reason());
        reader.unplug();
        assertEquals(CardReason.NO_READER, refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty())).reason());
    }

    @Test void theLoopCarriesOnAfterEveryFailure() {
        card.notSocialSecurity = true;
        refusal(read(Optional.empty()));
        reader.removeCard();
        refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty()));
        SimulatedSocialSecurityCard good = new SimulatedSocialSecurityCard();
        reader.insertCard(good);
        identity(service.readNext(Duration.ZERO, TODAY, Optional.empty()));
    }
}
