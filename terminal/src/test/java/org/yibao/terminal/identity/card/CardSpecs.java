package org.yibao.terminal.identity.card;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/**
 * Random valid 社会保障卡 (spec §2) as a plain model — the values a card holds and how each record
 * is laid out (padding with spaces or 0x00, the fill of a fixed-length record after the value, how
 * each answer is delivered) — and the {@link GeneratedCard} that holds them.
 */
final class CardSpecs {
    static final Charset GBK = Charset.forName("GBK");
    /** The date every card is read on (Beijing date of the tests' clock). */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final String NAME_CHARS = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳司马上官诸葛"
            + "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫淼犇龑翀珺琪璐颖喆燚";

    private CardSpecs() {
    }

    /** How a text record is laid out after its value. */
    enum Pad {
        NONE, SPACES, ZEROS, FILL_00, FILL_FF
    }

    /** A valid card. */
    record Spec(String cardSn, String version, LocalDate issued, LocalDate expires, String cardNo, String certno,
                String name, String sex, String nation, LocalDate birth, Map<Integer, Pad> pads,
                Map<String, GeneratedCard.Delivery> delivery, boolean sfiRefused, String pin, byte[] fci) {

        String area() {
            return cardSn.substring(0, 6);
        }

        /** A fresh card holding this spec. */
        GeneratedCard card() {
            GeneratedCard card = new GeneratedCard();
            card.ef05.put(0x01, text(0x01, cardSn.getBytes(StandardCharsets.US_ASCII), 32));
            card.ef05.put(0x03, text(0x03, version.getBytes(StandardCharsets.US_ASCII), 4));
            card.ef05.put(0x04, text(0x04, (area() + "00000000000000").getBytes(StandardCharsets.US_ASCII), 20));
            card.ef05.put(0x05, tlv(0x05, bcd(issued)));
            card.ef05.put(0x06, tlv(0x06, bcd(expires)));
            card.ef05.put(0x07, text(0x07, cardNo.getBytes(StandardCharsets.US_ASCII), 20));
            card.ef06.put(0x08, text(0x08, certno.getBytes(StandardCharsets.US_ASCII), 18));
            card.ef06.put(0x09, text(0x09, name.getBytes(GBK), 30));
            card.ef06.put(0x0A, text(0x0A, sex.getBytes(StandardCharsets.US_ASCII), 1));
            card.ef06.put(0x0B, text(0x0B, nation.getBytes(StandardCharsets.US_ASCII), 2));
            card.ef06.put(0x0C, text(0x0C, area().getBytes(StandardCharsets.US_ASCII), 6));
            card.ef06.put(0x0D, tlv(0x0D, bcd(birth)));
            card.delivery.putAll(delivery);
            card.sfiRefused = sfiRefused;
            card.pin = pin;
            card.fci = fci.clone();
            return card;
        }

        /** The record of a text value laid out as {@link #pads} says, in a record of {@code size} bytes. */
        private byte[] text(int rec, byte[] value, int size) {
            int room = Math.max(size, value.length);
            return switch (pads.getOrDefault(rec, Pad.NONE)) {
                case NONE -> tlv(rec, value);
                case SPACES -> tlv(rec, padded(value, room, (byte) ' '));
                case ZEROS -> tlv(rec, padded(value, room, (byte) 0));
                case FILL_00 -> padded(tlv(rec, value), room + 2, (byte) 0);
                case FILL_FF -> padded(tlv(rec, value), room + 2, (byte) 0xFF);
            };
        }
    }

    static byte[] padded(byte[] value, int size, byte pad) {
        byte[] out = Arrays.copyOf(value, Math.max(size, value.length));
        Arrays.fill(out, value.length, out.length, pad);
        return out;
    }

    static byte[] tlv(int rec, byte[] value) {
        byte[] out = new byte[value.length + 2];
        out[0] = (byte) rec;
        out[1] = (byte) value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    static byte[] bcd(LocalDate date) {
        return HexFormat.of().parseHex(date.format(DateTimeFormatter.BASIC_ISO_DATE));
    }

    private static Arbitrary<LocalDate> dates(LocalDate from, LocalDate to) {
        return Arbitraries.longs().between(from.toEpochDay(), to.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    private static Arbitrary<GeneratedCard.Delivery> delivery() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new GeneratedCard.Direct())),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(4, 40), Arbitraries.of(true, false))
                        .as(GeneratedCard.Chained::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new GeneratedCard.WrongLe())));
    }

    static final List<String> COMMANDS = List.of("select", "EF05", "EF06", "05/01", "05/03", "05/05", "05/06", "05/07",
            "06/08", "06/09", "06/0A", "06/0B", "06/0D");
    static final List<Integer> TEXT_RECORDS = List.of(0x01, 0x03, 0x04, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C);

    static Arbitrary<Spec> valid() {
        Arbitrary<String> area = Arbitraries.of("110100", "310100", "371500", "371502", "440300", "510100", "650100", "430100");
        Arbitrary<String> snTail = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'F').ofMinLength(4).ofMaxLength(26);
        Arbitrary<String> cardNo = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z').withCharRange('a', 'z')
                .ofMinLength(6).ofMaxLength(20);
        Arbitrary<String> name = Arbitraries.strings().withChars(NAME_CHARS.toCharArray()).ofMinLength(1).ofMaxLength(6)
                .list().ofMinSize(1).ofMaxSize(2).map(parts -> String.join("·", parts)).filter(n -> n.getBytes(GBK).length <= 30);
        Arbitrary<String> tail = Arbitraries.strings().numeric().ofLength(3);
        Arbitrary<String> check = Arbitraries.of("0", "1", "5", "9", "X");
        Arbitrary<Map<Integer, Pad>> pads = Arbitraries.of(Pad.class).list().ofSize(TEXT_RECORDS.size()).map(list -> {
            Map<Integer, Pad> m = new java.util.HashMap<>();
            for (int i = 0; i < list.size(); i++) m.put(TEXT_RECORDS.get(i), list.get(i));
            return m;
        });
        Arbitrary<Map<String, GeneratedCard.Delivery>> deliveries = delivery().list().ofSize(COMMANDS.size()).map(list -> {
            Map<String, GeneratedCard.Delivery> m = new java.util.HashMap<>();
            for (int i = 0; i < list.size(); i++) m.put(COMMANDS.get(i), list.get(i));
            return m;
        });
        Arbitrary<String> pin = Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(12);
        Arbitrary<byte[]> fci = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        return Builders.withBuilder(() -> new Object[16])
                .use(area).in((b, v) -> set(b, 0, v))
                .use(snTail).in((b, v) -> set(b, 1, v))
                .use(Arbitraries.of("3.00", "2.00", "1.00")).in((b, v) -> set(b, 2, v))
                .use(dates(LocalDate.of(2000, 1, 1), TODAY)).in((b, v) -> set(b, 3, v))
                .use(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(TODAY)),
                        net.jqwik.api.Tuple.of(5, dates(TODAY, TODAY.plusYears(20))))).in((b, v) -> set(b, 4, v))
                .use(cardNo).in((b, v) -> set(b, 5, v))
                .use(tail).in((b, v) -> set(b, 6, v))
                .use(check).in((b, v) -> set(b, 7, v))
                .use(name).in((b, v) -> set(b, 8, v))
                .use(Arbitraries.of("1", "2")).in((b, v) -> set(b, 9, v))
                .use(Arbitraries.integers().between(1, 56).map(n -> String.format("%02d", n))).in((b, v) -> set(b, 10, v))
                .use(dates(LocalDate.of(1920, 1, 1), TODAY)).in((b, v) -> set(b, 11, v))
                .use(pads).in((b, v) -> set(b, 12, v))
                .use(deliveries).in((b, v) -> set(b, 13, v))
                .use(Arbitraries.of(true, false)).in((b, v) -> set(b, 14, v))
                .use(Combinators.combine(pin, fci).as((p, f) -> new Object[] {p, f})).in((b, v) -> set(b, 15, v))
                .build(CardSpecs::spec);
    }

    private static Object[] set(Object[] b, int i, Object v) {
        b[i] = v;
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Spec spec(Object[] b) {
        String area = (String) b[0];
        LocalDate birth = (LocalDate) b[11];
        String certno = area + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + b[6] + b[7];
        Object[] pinFci = (Object[]) b[15];
        return new Spec(area + b[1], (String) b[2], (LocalDate) b[3], (LocalDate) b[4], (String) b[5], certno, (String) b[8],
                (String) b[9], (String) b[10], birth, (Map<Integer, Pad>) b[12], (Map<String, GeneratedCard.Delivery>) b[13],
                (Boolean) b[14], (String) pinFci[0], (byte[]) pinFci[1]);
    }
}
