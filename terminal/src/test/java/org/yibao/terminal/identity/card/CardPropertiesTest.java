package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaders;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.terminal.domain.Refusal;

/**
 * Random 社会保障卡 (spec §2) on the simulated reader, read the way the terminal reads them
 * ({@link CardReadService}). A valid card — records 01, 03..07 of EF05 and 08..0D of EF06, GBK
 * names padded with spaces or 0x00 or followed by a fixed-length record's fill, 4-byte BCD dates,
 * every answer delivered directly, as 61xx + GET RESPONSE (in chunks) or as 6Cxx + a resend with
 * Le, in random mixes, by short file id or select-then-read — reads back exactly: card_sn = 卡识别码,
 * mdtrt_cert_no = 卡号, area = its first 6 characters, name, gender, nation, birth date and the
 * rest. A card with one fault is refused with that fault's own 14xx code and a Chinese message
 * without personal data, and the same reader then reads the next good card.
 */
class CardPropertiesTest {
    private static final LocalDate TODAY = CardSpecs.TODAY;
    private static final Pattern CODES_AND_NAMES = Pattern.compile("SW=[0-9A-F]{4}|EF0[56]|记录[0-9A-F]{2}|BCD|GBK");

    private static SimulatedCardReader reader() {
        return (SimulatedCardReader) CardReaders.open(CardReaderConfig.of(CardReaderConfig.SIMULATED, ""));
    }

    @Property(tries = 1000)
    void aValidCardReadsBackExactly(@ForAll("valid") CardSpecs.Spec spec, @ForAll boolean withPin) {
        spec.delivery().values().forEach(d -> Statistics.label("delivery").collect(d.getClass().getSimpleName()));
        Statistics.label("addressing").collect(spec.sfiRefused() ? "select EF05" : "SFI");
        try (SimulatedCardReader reader = reader()) {
            reader.insertCard(spec.card());
            CardReadOutcome outcome = new CardReadService(reader, new SocialSecurityCardReader())
                    .readNext(Duration.ZERO, TODAY, withPin ? Optional.of(spec.pin()) : Optional.empty());
            assertReads(spec, outcome);
        }
    }

    private static void assertReads(CardSpecs.Spec spec, CardReadOutcome outcome) {
        CardIdentity id = assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome::toString).identity();
        assertEquals(spec.cardSn(), id.cardSn(), "card_sn = 卡识别码");
        assertEquals(spec.cardNo(), id.cardNo(), "mdtrt_cert_no = 卡号");
        assertEquals(spec.area(), id.area(), "area = the first 6 characters of the 卡识别码");
        assertEquals(spec.version(), id.version());
        assertEquals(spec.issued(), id.issueDate());
        assertEquals(spec.expires(), id.expiryDate());
        assertEquals(spec.certno(), id.certno());
        assertEquals(spec.name(), id.name());
        assertEquals(spec.sex(), id.sex());
        assertEquals(spec.nation(), id.nation());
        assertEquals(spec.birth(), id.birthDate());
    }

    /** One card of a sequence: a valid spec, the fault made to it (none: a good card) and numbers that pick where. */
    record Insertion(CardSpecs.Spec spec, Optional<Fault> fault, int where, int what, boolean emptySlotFirst) {
    }

    @Property(tries = 120)
    void aFaultyCardIsRefusedWithItsOwnCodeAndTheNextGoodCardReads(@ForAll("insertions") List<Insertion> insertions) {
        try (SimulatedCardReader reader = reader()) {
            CardReadService service = new CardReadService(reader, new SocialSecurityCardReader());
            for (Insertion in : insertions) {
                if (in.emptySlotFirst()) {
                    assertEquals(CardReason.NO_CARD, refusal(service.readNext(Duration.ZERO, TODAY, Optional.empty())).reason());
                }
                Statistics.label("fault").collect(in.fault().map(Enum::name).orElse("none"));
                if (in.fault().isEmpty()) {
                    reader.insertCard(in.spec().card());
                    assertReads(in.spec(), service.readNext(Duration.ZERO, TODAY, Optional.empty()));
                } else {
                    Faulted faulted = in.fault().get().apply(in, reader);
                    reader.insertCard(faulted.card());
                    Refusal r = refusal(service.readNext(Duration.ZERO, TODAY, faulted.pin()));
                    assertEquals(faulted.expected(), r.reason(), () -> in.fault().get() + ": " + r.errMsg());
                    assertChineseWithoutPersonalData(in.spec(), r);
                    assertEquals(faulted.detail(), r.detail(), in.fault().get().name());
                }
                reader.removeCard();
            }
            CardSpecs.Spec last = insertions.getLast().spec();
            reader.insertCard(last.card());
            assertReads(last, service.readNext(Duration.ZERO, TODAY, Optional.empty()));
        }
    }

    private static Refusal refusal(CardReadOutcome outcome) {
        return assertInstanceOf(CardReadOutcome.Refused.class, outcome, outcome::toString).refusal();
    }

    private static void assertChineseWithoutPersonalData(CardSpecs.Spec spec, Refusal r) {
        String msg = r.errMsg();
        assertTrue(r.reason().code().matches("14\\d\\d"), msg);
        assertFalse(CODES_AND_NAMES.matcher(msg).replaceAll("").matches(".*[A-Za-z].*"), "English in " + msg);
        // in the detail, the only part made from the card: a one-character name such as 超 is also in the fixed text (超过有效期)
        for (String personal : List.of(spec.name(), spec.certno(), spec.cardNo(), spec.cardSn())) {
            assertFalse(r.detail().contains(personal), "personal data in " + msg);
        }
    }

    /** A card with its fault, the PIN the read gives, and what the read must end with. */
    record Faulted(GeneratedCard card, Optional<String> pin, CardReason expected, String detail) {
    }

    private static final List<Integer> DATES = List.of(0x05, 0x06, 0x0D);
    private static final List<Integer> TEXTS = List.of(0x01, 0x03, 0x07, 0x08, 0x09, 0x0A, 0x0B);
    private static final List<Integer> READ = List.of(0x01, 0x03, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D);

    private static Map<Integer, byte[]> file(GeneratedCard card, int rec) {
        return rec <= 0x07 ? card.ef05 : card.ef06;
    }

    private static String key(int rec) {
        return String.format("%02X/%02X", rec <= 0x07 ? 5 : 6, rec);
    }

    private static <T> T pick(List<T> list, int n) {
        return list.get(Math.floorMod(n, list.size()));
    }

    /** Each fault of spec §2 and the 14xx reason it must end in. */
    enum Fault {
        TAG_MISMATCH, LENGTH_LONGER, LENGTH_SHORTER, NON_BCD_DATE, INVALID_DATE, DATE_LENGTH, EXPIRED, BAD_GBK,
        NOT_ASCII_NUMBER, EMPTY_RECORD, BAD_SHAPE, NOT_SOCIAL_SECURITY_CARD, REMOVED, PIN_WRONG, PIN_BLOCKED,
        NO_STATUS_WORD, UNKNOWN_SW_RECORD, UNKNOWN_SW_SELECT, UNKNOWN_SW_EF06, UNKNOWN_SW_PIN, RECORD_ABSENT;

        Faulted apply(Insertion in, SimulatedCardReader reader) {
            CardSpecs.Spec spec = in.spec();
            GeneratedCard card = spec.card();
            int where = in.where();
            int what = in.what();
            int rec = pick(READ, where);
            String name = CardRecords.name(rec);
            Optional<String> none = Optional.empty();
            switch (this) {
                case TAG_MISMATCH -> {
                    file(card, rec).get(rec)[0] ^= (byte) (1 + Math.floorMod(what, 255));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, name + " 标记不符");
                }
                case LENGTH_LONGER -> {
                    byte[] tlv = file(card, rec).get(rec);
                    tlv[1] = (byte) Math.min(255, tlv.length - 2 + 1 + Math.floorMod(what, 5));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, name + " 长度不符");
                }
                case LENGTH_SHORTER -> {
                    byte[] tlv = file(card, rec).get(rec);
                    int last = tlv.length - 1;
                    while (tlv[last] == 0 || tlv[last] == (byte) 0xFF) last--;
                    tlv[1] = (byte) Math.floorMod(what, last - 2 + 1); // 0 .. last-2: byte 'last' left outside
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, name + " 长度不符");
                }
                case NON_BCD_DATE -> {
                    int d = pick(DATES, where);
                    byte[] tlv = file(card, d).get(d);
                    int at = 2 + Math.floorMod(what, 4);
                    tlv[at] = (byte) (what % 2 == 0 ? (tlv[at] & 0x0F) | 0xA0 : (tlv[at] & 0xF0) | 0x0C);
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(d) + " 日期不是BCD");
                }
                case INVALID_DATE -> {
                    int d = pick(DATES, where);
                    String bad = pick(List.of("20260230", "20261301", "20260000", "19000229", "20250431", "00000000"), what);
                    file(card, d).put(d, CardSpecs.tlv(d, java.util.HexFormat.of().parseHex(bad)));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(d) + " 日期无效");
                }
                case DATE_LENGTH -> {
                    int d = pick(DATES, where);
                    byte[] value = Arrays.copyOfRange(file(card, d).get(d), 2, 6);
                    file(card, d).put(d, CardSpecs.tlv(d, Arrays.copyOf(value, what % 2 == 0 ? 3 : 5)));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(d) + " 日期长度不符");
                }
                case EXPIRED -> {
                    LocalDate expiry = TODAY.minusDays(1 + Math.floorMod(what, 3650));
                    card.ef05.put(0x06, CardSpecs.tlv(0x06, CardSpecs.bcd(expiry)));
                    return new Faulted(card, none, CardReason.CARD_EXPIRED, "有效期至" + expiry);
                }
                case BAD_GBK -> {
                    byte[] gbk = spec.name().getBytes(CardSpecs.GBK);
                    byte[] bad = switch (Math.floorMod(what, 3)) {
                        case 0 -> GeneratedCard.concat(gbk, new byte[] {(byte) 0x81, 0x7F});
                        case 1 -> Arrays.copyOf(gbk, gbk.length - 1);
                        default -> GeneratedCard.concat(new byte[] {(byte) 0xB0, (byte) 0xFF}, gbk);
                    };
                    card.ef06.put(0x09, CardSpecs.tlv(0x09, CardSpecs.padded(bad, 30, what % 2 == 0 ? (byte) ' ' : 0)));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, "记录09 不是GBK文本");
                }
                case NOT_ASCII_NUMBER -> {
                    int r = pick(List.of(0x01, 0x07, 0x08), where);
                    byte[] value = (r == 0x01 ? spec.cardSn() : r == 0x07 ? spec.cardNo() : spec.certno()).getBytes(CardSpecs.GBK);
                    value = GeneratedCard.concat(Arrays.copyOf(value, value.length - 2), "卡".getBytes(CardSpecs.GBK));
                    file(card, r).put(r, CardSpecs.tlv(r, value));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(r) + " 格式不符");
                }
                case EMPTY_RECORD -> {
                    int r = pick(TEXTS, where);
                    byte[] value = new byte[Math.floorMod(what, 4) * 4];
                    Arrays.fill(value, what % 2 == 0 ? (byte) ' ' : 0);
                    file(card, r).put(r, CardSpecs.tlv(r, value));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(r) + " 为空");
                }
                case BAD_SHAPE -> {
                    int r = pick(List.of(0x01, 0x08, 0x0A, 0x0B, 0x07), where);
                    String bad = switch (r) {
                        case 0x01 -> "37A500" + spec.cardSn().substring(6);
                        case 0x08 -> spec.certno().substring(0, 17);
                        case 0x0A -> pick(List.of("3", "M", "12"), what);
                        case 0x0B -> pick(List.of("00", "57", "Z", "汉族"), what); // one byte is BCD: "Z" (0x5A) is not
                        default -> pick(List.of("S3715", "S-371500", "A".repeat(21)), what);
                    };
                    file(card, r).put(r, CardSpecs.tlv(r, bad.getBytes(CardSpecs.GBK)));
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, CardRecords.name(r) + " 格式不符");
                }
                case NOT_SOCIAL_SECURITY_CARD -> {
                    card.statusWord.put("select", what % 3 == 0 ? pick(List.of(0x6A81, 0x6A86, 0x6D00, 0x6E00, 0x6999), what) : 0x6A82);
                    return new Faulted(card, none, CardReason.NOT_SOCIAL_SECURITY_CARD, "");
                }
                case REMOVED -> {
                    Optional<String> pin = what % 2 == 0 ? Optional.of(spec.pin()) : none;
                    int total = exchangesOfAGoodRead(spec, pin);
                    card.hand = reader;
                    card.removeAfter = 1 + Math.floorMod(where, total - 1);
                    return new Faulted(card, pin, CardReason.CARD_REMOVED, "");
                }
                case PIN_WRONG -> {
                    card.pinTries = 2 + Math.floorMod(what, 15);
                    return new Faulted(card, Optional.of(wrongPin(spec.pin(), where)), CardReason.PIN_WRONG,
                            "还可尝试" + (card.pinTries - 1) + "次");
                }
                case PIN_BLOCKED -> {
                    Optional<String> pin = Optional.of(what % 2 == 0 ? spec.pin() : wrongPin(spec.pin(), where));
                    switch (Math.floorMod(what, 3)) {
                        case 0 -> card.pinTries = 0;
                        case 1 -> card.pinTries = 1;
                        default -> card.statusWord.put("pin", 0x63C0);
                    }
                    if (card.pinTries == 1) pin = Optional.of(wrongPin(spec.pin(), where));
                    return new Faulted(card, pin, CardReason.PIN_BLOCKED, "");
                }
                case NO_STATUS_WORD -> {
                    int d = pick(DATES, where);
                    card.noStatusWord.put(key(d), true);
                    byte[] tlv = file(card, d).get(d);
                    return new Faulted(card, none, CardReason.RECORD_UNREADABLE,
                            CardRecords.name(d) + " SW=" + java.util.HexFormat.of().withUpperCase().formatHex(tlv, tlv.length - 2, tlv.length));
                }
                case UNKNOWN_SW_RECORD -> {
                    int sw = pick(UNKNOWN_SW.stream().filter(s -> s != 0x6A83).toList(), what); // 6A83: RECORD_ABSENT
                    card.statusWord.put(key(rec), sw);
                    return new Faulted(card, none, CardReason.RECORD_UNREADABLE, name + " SW=" + hex(sw));
                }
                case UNKNOWN_SW_SELECT -> {
                    int sw = pick(UNKNOWN_SW.stream().filter(s -> s != 0x6A86 && s != 0x6E00 && s != 0x6A82).toList(), what);
                    card.statusWord.put("select", sw);
                    return new Faulted(card, none, CardReason.RECORD_UNREADABLE, "选择社保应用 SW=" + hex(sw));
                }
                case UNKNOWN_SW_EF06 -> {
                    int sw = pick(UNKNOWN_SW, what);
                    card.statusWord.put("EF06", sw);
                    return new Faulted(card, none, CardReason.RECORD_UNREADABLE, "选择EF06 SW=" + hex(sw));
                }
                case UNKNOWN_SW_PIN -> {
                    int sw = pick(List.of(0x6700, 0x6A80, 0x6985, 0x6F00, 0x6581, 0x6982), what);
                    card.statusWord.put("pin", sw);
                    return new Faulted(card, Optional.of(spec.pin()), CardReason.RECORD_UNREADABLE, "校验密码 SW=" + hex(sw));
                }
                case RECORD_ABSENT -> {
                    file(card, rec).remove(rec);
                    return new Faulted(card, none, CardReason.RECORD_MALFORMED, name + " 不存在（SW=6A83）");
                }
                default -> throw new IllegalStateException(name());
            }
        }
    }

    /** Status words that are none of 90 00, 61xx, 6Cxx. */
    private static final List<Integer> UNKNOWN_SW = List.of(0x6F00, 0x6581, 0x6700, 0x6B00, 0x6282, 0x6A83, 0x6986, 0x6A86,
            0x6E00, 0x9001, 0x63C1, 0x6400, 0x6A82, 0x6283);

    private static String hex(int sw) {
        return String.format("%04X", sw);
    }

    private static String wrongPin(String pin, int where) {
        char[] digits = pin.toCharArray();
        int at = Math.floorMod(where, digits.length);
        digits[at] = (char) ('0' + (digits[at] - '0' + 1) % 10);
        return new String(digits);
    }

    /** How many APDUs (GET RESPONSE and resends included) a good read of this card takes. */
    private static int exchangesOfAGoodRead(CardSpecs.Spec spec, Optional<String> pin) {
        try (SimulatedCardReader dry = reader()) {
            GeneratedCard card = spec.card();
            dry.insertCard(card);
            assertReads(spec, new CardReadService(dry, new SocialSecurityCardReader()).readNext(Duration.ZERO, TODAY, pin));
            return card.exchanges();
        }
    }

    @Provide Arbitrary<CardSpecs.Spec> valid() {
        return CardSpecs.valid();
    }

    @Provide Arbitrary<List<Insertion>> insertions() {
        Arbitrary<Optional<Fault>> fault = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.<Fault>empty())),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Fault.class).map(Optional::of)));
        Arbitrary<Integer> n = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Boolean> emptySlot = Arbitraries.integers().between(0, 9).map(i -> i == 0);
        return Combinators.combine(CardSpecs.valid(), fault, n, n, emptySlot).as(Insertion::new).list().ofMinSize(5).ofMaxSize(25);
    }
}
