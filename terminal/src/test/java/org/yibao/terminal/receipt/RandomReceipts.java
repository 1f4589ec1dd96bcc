package org.yibao.terminal.receipt;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.yibao.terminal.domain.catalog.ChargeLevel;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Random settlement receipts for {@link ReceiptPropertiesTest}: 1..40 lines with short and long
 * Chinese, ASCII and mixed names (full-width punctuation, characters GB18030 writes in four bytes,
 * characters in GB18030 but not GBK such as 䶮, names exactly as wide as the name column or the
 * paper), 甲/乙/丙, amounts from 0.00 to 99999999.99 yuan, totals that add up to the fen, offline
 * or not, paid from the account or not, settlements and reversals; names of 1..20 characters
 * (复姓, 少数民族 names with ·), 18- and 15-digit ID numbers (3715…, a prefix no setl_id has), card numbers.
 * <p>
 * The person's names are made of characters no drug, institution or label uses, so a full name
 * found on the receipt can only be the name printed unmasked; no input contains ASCII '?', so a
 * '?' on the receipt can only be an encoder's replacement.
 */
final class RandomReceipts {
    static final long MAX_LINE_FEN = 9_999_999_999L;

    private static final String DRUG_CJK = "阿莫西林胶囊复方甘草片维生素咀嚼注射用头孢哌酮钠舒巴坦氨基酸液颗粒口服溶缓释肠"
            + "布洛芬对乙酰酚板蓝根感冒清热连花瘟软膏滴眼剂盐二双胍格列美脲硝苯地平控甲钴胺唑丙戊";
    private static final String PUNCT = "（）【】，。、；：“”《》！？～—…·";
    private static final List<String> RARE = List.of("𠀀", "䶮", "𪚥", "㐀", "鿰", "•", "é", "①", "Ⅱ", "¥", "💊", "e\u0301");
    private static final String ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.*()/%+-";
    private static final List<String> REAL_DRUGS = List.of(
            "注射用头孢哌酮钠舒巴坦钠（舒普深）1.5g*1瓶", "复方氨基酸(18AA-II)注射液250ml",
            "Vitamin B complex tablets 100s", "阿莫西林胶囊0.25g*24粒", "布洛芬缓释胶囊（芬必得）", "连花清瘟胶囊",
            "甲钴胺片", "二甲双胍缓释片0.5g×30片/盒", "Ibuprofen", "片");

    static final String SURNAMES = "张王李赵刘陈杨黄周吴";
    static final List<String> COMPOUND_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "皇甫", "慕容");
    static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞刚喆堃镕䶮𬌗";
    private static final List<String> MINORITY = List.of("阿卜杜热依木·买买提", "买买提·艾力", "扎西·次仁",
            "阿依古丽·吐尔逊", "努尔艾合麦提·库尔班江·艾则孜", "热依拉·阿不都");
    private static final List<String> INSTITUTIONS = List.of("济南仁和大药房", "济南仁和大药房（历下店）",
            "山东省济南市第一人民医院门诊部自助服务终端大厅", "Jinan Renhe Pharmacy No.3", "𠀀记药房", "");

    private RandomReceipts() {
    }

    static Arbitrary<Receipt> receipts() {
        Arbitrary<List<ReceiptLine>> lines = line().list().ofMinSize(1).ofMaxSize(40);
        return Combinators.combine(lines, header(), person(), Arbitraries.of(Receipt.Kind.values()),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .flatAs((l, h, p, kind, offline, reprint, account) -> totals(l, account).map(t -> {
                    boolean reversal = kind == Receipt.Kind.REVERSAL;
                    return new Receipt(kind, offline, reprint, h.institution(), h.code(), h.device(), h.operator(),
                            h.at(), h.setlId(), reversal ? h.originalSetlId() : "", p.name(), p.certNo(), p.cardNo(),
                            p.insutype(), p.medType(), reversal ? negated(l) : l, reversal ? negated(t) : t);
                }));
    }

    record Header(String institution, String code, String device, String operator, LocalDateTime at,
                  String setlId, String originalSetlId) {
    }

    record Person(String name, String certNo, String cardNo, String insutype, String medType) {
    }

    private static Arbitrary<ReceiptLine> line() {
        Arbitrary<Long> amount = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 99_999)),
                Tuple.of(2, Arbitraries.longs().between(0, MAX_LINE_FEN)),
                Tuple.of(1, Arbitraries.of(0L, 1L, 99_999_999L, 100_000_000L, MAX_LINE_FEN)));
        Arbitrary<BigDecimal> quantity = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(1, 999).map(BigDecimal::valueOf)),
                Tuple.of(1, Arbitraries.bigDecimals().between(new BigDecimal("0.001"), new BigDecimal("9999.999")).ofScale(3)));
        return Combinators.combine(drugName(), Arbitraries.of(ChargeLevel.values()), quantity, amount)
                .as(ReceiptLine::new);
    }

    static Arbitrary<String> drugName() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, cjk(DRUG_CJK, 1, 30)),
                Tuple.of(4, token().list().ofMinSize(1).ofMaxSize(12).map(t -> String.join("", t))),
                Tuple.of(1, Arbitraries.strings().withChars(ASCII + " ").ofMinLength(1).ofMaxLength(40)),
                Tuple.of(2, exactWidth()),
                Tuple.of(1, Arbitraries.of(REAL_DRUGS)));
    }

    private static Arbitrary<String> token() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, cjk(DRUG_CJK, 1, 8)),
                Tuple.of(3, Arbitraries.strings().withChars(ASCII).ofMinLength(1).ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().withChars(PUNCT).ofMinLength(1).ofMaxLength(3)),
                Tuple.of(1, Arbitraries.of(RARE)),
                Tuple.of(1, Arbitraries.just(" ")));
    }

    /** Names as wide as the name column (13 / 24), the paper (32 / 48), or one more or less. */
    private static Arbitrary<String> exactWidth() {
        return Combinators.combine(Arbitraries.of(12, 13, 14, 23, 24, 25, 31, 32, 33, 47, 48, 49),
                        cjk(DRUG_CJK, 24, 24), Arbitraries.strings().withChars(ASCII).ofLength(1),
                        Arbitraries.integers().between(0, 24))
                .as((width, chinese, ascii, at) -> {
                    String name = chinese.substring(0, width / 2);
                    if (width % 2 == 0) return name;
                    int i = Math.min(at, name.length());
                    return name.substring(0, i) + ascii + name.substring(i);
                });
    }

    private static Arbitrary<String> cjk(String pool, int min, int max) {
        return Arbitraries.strings().withChars(pool).ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<Header> header() {
        Arbitrary<String> setlId = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().numeric().ofLength(19).map(d -> "S" + d)),
                Tuple.of(2, Arbitraries.strings().numeric().ofLength(8).map(d -> "YB-T0001-S" + d)),
                Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars("-_")
                        .ofMinLength(1).ofMaxLength(60)));
        Arbitrary<LocalDateTime> at = Arbitraries.longs().between(0, 10L * 365 * 86_400)
                .map(s -> LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(s));
        return Combinators.combine(Arbitraries.of(INSTITUTIONS),
                        Arbitraries.strings().withCharRange('A', 'Z').numeric().ofMinLength(1).ofMaxLength(20),
                        Arbitraries.strings().numeric().ofLength(4).map(d -> "YB-T" + d),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10), at, setlId, setlId)
                .as(Header::new);
    }

    private static Arbitrary<Person> person() {
        Arbitrary<String> certNo = Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(Arbitraries.strings().numeric().ofLength(13),
                        Arbitraries.of("0", "1", "9", "X")).as((d, c) -> "3715" + d + c)),
                Tuple.of(1, Arbitraries.strings().numeric().ofLength(11).map(d -> "3715" + d)));
        Arbitrary<String> cardNo = Arbitraries.frequencyOf(
                Tuple.of(2, Combinators.combine(Arbitraries.of("D", "M", "H"), Arbitraries.strings().numeric().ofLength(8),
                        Arbitraries.of("", "X", "A")).as((a, b, c) -> a + b + c)),
                Tuple.of(1, Arbitraries.just("")));
        return Combinators.combine(personName(), certNo, cardNo, Arbitraries.of("310", "390", "999"),
                        Arbitraries.of("41", "11", "14", "99"))
                .as(Person::new);
    }

    static Arbitrary<String> personName() {
        Arbitrary<String> given = cjk(GIVEN, 1, 2);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(cjk(SURNAMES, 1, 1), given).as(String::concat)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(COMPOUND_SURNAMES), given).as(String::concat)),
                Tuple.of(2, Arbitraries.of(MINORITY)),
                Tuple.of(1, Combinators.combine(cjk(GIVEN, 2, 4), cjk(GIVEN, 2, 6)).as((a, b) -> a + "·" + b)),
                Tuple.of(1, cjk(SURNAMES, 1, 1)),
                Tuple.of(1, Arbitraries.of("刘䶮", "王𬌗", "𬌗喆", "张 三")));
    }

    private static Arbitrary<ReceiptTotals> totals(List<ReceiptLine> lines, boolean account) {
        long sum = lines.stream().mapToLong(ReceiptLine::amountFen).sum();
        Arbitrary<Long> balance = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 999_999)),
                Tuple.of(1, Arbitraries.longs().between(0, MAX_LINE_FEN)));
        return Arbitraries.longs().between(0, sum).flatMap(hifp ->
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.longs().between(0, sum - hifp)))
                        .flatMap(other -> Arbitraries.longs().between(0, account ? sum - hifp - other : 0)
                                .flatMap(acct -> balance.map(balc ->
                                        new ReceiptTotals(sum, hifp, hifp + other, acct, sum - hifp - other - acct, balc)))));
    }

    private static List<ReceiptLine> negated(List<ReceiptLine> lines) {
        return lines.stream().map(l -> new ReceiptLine(l.name(), l.level(), l.quantity().negate(), -l.amountFen())).toList();
    }

    private static ReceiptTotals negated(ReceiptTotals t) {
        return new ReceiptTotals(-t.medfeeSumamt(), -t.hifpPay(), -t.fundPaySumamt(), -t.acctPay(), -t.psnCashPay(), t.balance());
    }
}
