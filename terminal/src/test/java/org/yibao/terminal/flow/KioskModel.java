package org.yibao.terminal.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.yibao.terminal.identity.voucher.VoucherFixtures;

/**
 * What 1101, 2101 and 2102 must answer, as the README says (sections "Transactions the API
 * serves", "kiosk_limits" and "mode", and the e-voucher's codes), kept apart from the code under
 * test: which person the terminal knows and how (from the centre, or only from a voucher), which
 * card and which voucher identified whom, the card in the reader, the QRs already used, the
 * centre's state and the offline fund paid today.
 */
final class KioskModel {
    /** Two insured people the reference centre knows, each with a 社保卡. */
    record Person(String psnNo, String certno, String cardNo, String name) {
        /** The person's 1101 output as the centre answers it (the rig's employee, 310/11). */
        ObjectNode centreRecord() {
            ObjectNode record = FlowRig.employee();
            ((ObjectNode) record.get("baseinfo")).put("psn_no", psnNo).put("certno", certno).put("psn_name", name);
            return record;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Person ZHANG = new Person(FlowRig.PSN, FlowRig.CERTNO, FlowRig.CARD, "张三");
    static final Person LI = new Person("37150000000000000002", "37150219700101567X", "D37150202", "李四");

    enum Centre { ONLINE, SLOW, OFFLINE }

    /** How the terminal knows a person: not at all, only from a voucher shown while the centre was away, or from the centre. */
    enum Known { NEVER, VOUCHER_ONLY, FROM_CENTRE }

    enum Qr { VALID, EXPIRED, REPLAYED, FORGED, TRUNCATED }

    /** Which credential a purchase sends back. */
    enum Credential { OWN, OTHERS, ID_NUMBER, EMPTY }

    /** A credential as term_certinfo gives it and 2101/2102 send it back. */
    record Cert(String type, String no) {
    }

    /** A QR as shown on the scanner: whose, what kind, its text and ecToken. */
    record Shown(Person who, Qr kind, String text, String ecToken) {
        @Override
        public String toString() {
            return kind + " QR of " + who;
        }
    }

    /** A 1101's expected answer: the code ("0" when answered), and when answered the rest. */
    record Expect(String code, String source, String warnStart, Person person, Cert cert) {
        static Expect refused(String code) {
            return new Expect(code, "", "", null, null);
        }
    }

    /** A purchase as sent, the codes it may be answered with ("0": settled), and whether the centre was away. */
    record Asked(Person person, Cert cert, Set<String> codes, boolean offline) {
    }

    private static final AtomicInteger TOKENS = new AtomicInteger();
    /** The offline fund payments of a day the example policy allows (5,000.00). */
    private static final long OFFLINE_FUND_PER_DAY = 500_000;

    final FlowSettings.KioskLimits limits;
    final FlowSettings.Mode mode;
    Centre centre = Centre.ONLINE;
    /**
     * The terminal found the centre silent behind a connected broker: a person query it left
     * unanswered (SLOW), until the centre is heard again (a query answered in time, a restart's
     * fresh uplink once its connect's ping is answered; acks are not hearing). Purchases meanwhile
     * are offline, as with the broker gone.
     */
    private boolean silent;
    private final Map<String, Known> known = new HashMap<>();
    private final Map<String, String> cardHolder = new HashMap<>();
    private final Map<String, String> voucherHolder = new HashMap<>();
    private final Map<String, Cert> lastCert = new HashMap<>();
    private final List<Shown> used = new ArrayList<>();
    private Person inReader;
    private Person current;
    private long offlineFundToday;

    KioskModel(FlowSettings.KioskLimits limits, FlowSettings.Mode mode) {
        this.limits = limits;
        this.mode = mode;
    }

    Optional<Person> inReader() {
        return Optional.ofNullable(inReader);
    }

    void cardInserted(Person who) {
        inReader = who;
    }

    void cardTakenOut() {
        inReader = null;
    }

    /** A request of a transaction that identifies a person or moves money, on a {@code mode: kiosk} terminal, sent as a cashier's. */
    private boolean kioskModeRefuses(boolean kiosk) {
        return mode == FlowSettings.Mode.KIOSK && !kiosk;
    }

    // ---- 1101 ----------------------------------------------------------------------------------------

    Expect byId(Person who, boolean kiosk) {
        if (kioskModeRefuses(kiosk)) return Expect.refused("1374");
        if (kiosk) return Expect.refused("1370");
        return lookup(who, new Cert("02", who.certno()));
    }

    /**
     * 1101 waiting for a card: {@code who}'s card in the reader (or coming during the wait when
     * {@code arrives}), or pulled out while read.
     */
    Expect cardWait(Person who, boolean pulledOut, boolean arrives, boolean kiosk, boolean typed) {
        if (kioskModeRefuses(kiosk)) return Expect.refused("1374");
        if (pulledOut) return Expect.refused("1403");
        if (!arrives) return Expect.refused("1352");
        return lookup(who, new Cert("03", who.cardNo()));
    }

    /** A QR of {@code kind} for {@code who}: a fresh one, or for a replay one already used (a fresh valid one when none was). */
    Shown qr(Person who, Qr kind) {
        if (kind == Qr.REPLAYED && !used.isEmpty()) return used.get(used.size() - 1);
        VoucherFixtures.Payload payload = VoucherFixtures.payload();
        payload.psnNo = who.psnNo();
        payload.certnoTail = who.certno().substring(who.certno().length() - 4);
        payload.ecToken = "ECT%06d".formatted(TOKENS.incrementAndGet()) + "0123456789abcdef0123456789abcdef0123";
        if (kind == Qr.EXPIRED) {
            payload.iat = VoucherFixtures.NOW - 400;
            payload.exp = VoucherFixtures.NOW - 100;
        }
        String text = VoucherFixtures.issue(kind == Qr.FORGED ? VoucherFixtures.STRANGER : VoucherFixtures.SM2, "sm2-1", payload);
        if (kind == Qr.TRUNCATED) text = text.substring(0, text.length() / 2);
        return new Shown(who, kind == Qr.REPLAYED ? Qr.VALID : kind, text, payload.ecToken);
    }

    /**
     * 1101 waiting for a card or a QR ({@code typed}: a QR only) while {@code shown} is scanned,
     * during the wait or not: a card in the reader is read first; a scan before the wait is dropped
     * when it starts and one after it finds nobody waiting; a QR is refused (1503 cut short, 1515
     * forged, 1516 expired, 1519 used before) or identifies its holder, and is used up then.
     */
    Expect voucherWait(Shown shown, boolean during, boolean kiosk, boolean typed) {
        if (kioskModeRefuses(kiosk)) return Expect.refused("1374");
        if (!typed && inReader != null) return lookup(inReader, new Cert("03", inReader.cardNo()));
        if (!during) return Expect.refused("1352");
        if (used.contains(shown)) return Expect.refused("1519");
        switch (shown.kind()) {
            case TRUNCATED -> {
                return Expect.refused("1503");
            }
            case FORGED -> {
                return Expect.refused("1515");
            }
            case EXPIRED -> {
                return Expect.refused("1516");
            }
            default -> used.add(shown);
        }
        return lookup(shown.who(), new Cert("01", shown.ecToken()));
    }

    /**
     * The person {@code who} presented as {@code cert}: from the centre when it answers in time;
     * else from the cache (a person the centre once gave), or for a voucher from the voucher
     * (term_source "voucher"); else 1350. Whatever identified the person is theirs from then on.
     */
    private Expect lookup(Person who, Cert cert) {
        Known now = known.getOrDefault(who.psnNo(), Known.NEVER);
        String source;
        String warn;
        if (centre == Centre.SLOW) silent = true; // asked, and left unanswered
        if (centre == Centre.ONLINE) {
            silent = false;
            known.put(who.psnNo(), Known.FROM_CENTRE);
            source = "online";
            warn = "";
        } else {
            warn = centre == Centre.OFFLINE ? "中心不可达" : "中心未及时应答";
            if (now == Known.FROM_CENTRE) {
                source = "cache";
            } else if (cert.type().equals("01")) {
                known.put(who.psnNo(), Known.VOUCHER_ONLY);
                source = "voucher";
            } else {
                return Expect.refused("1350");
            }
        }
        if (cert.type().equals("03")) cardHolder.put(cert.no(), who.psnNo());
        if (cert.type().equals("01")) voucherHolder.put(cert.no(), who.psnNo());
        current = who;
        lastCert.put(who.psnNo(), cert);
        return new Expect("0", source, warn, who, cert);
    }

    // ---- 2101 / 2102 ---------------------------------------------------------------------------------

    /** A purchase for the person identified last (张三 before anyone), sending back {@code credential}. */
    Asked purchase(Credential credential, long fen, boolean useAccount, boolean kiosk, boolean pre) {
        Person who = current == null ? ZHANG : current;
        Person other = who == ZHANG ? LI : ZHANG;
        Cert cert = switch (credential) {
            case OWN -> lastCert.getOrDefault(who.psnNo(), new Cert("03", who.cardNo()));
            case OTHERS -> lastCert.getOrDefault(other.psnNo(), new Cert("03", other.cardNo()));
            case ID_NUMBER -> new Cert("02", who.certno());
            case EMPTY -> new Cert("03", "");
        };
        boolean offline = centre == Centre.OFFLINE || silent;
        return new Asked(who, cert, codes(who, cert, fen, useAccount, kiosk, offline), offline);
    }

    private Set<String> codes(Person who, Cert cert, long fen, boolean useAccount, boolean kiosk, boolean offline) {
        if (kioskModeRefuses(kiosk)) return Set.of("1374");
        if (known.getOrDefault(who.psnNo(), Known.NEVER) == Known.NEVER) return Set.of("1351");
        if (kiosk && !cert.type().equals("01") && !cert.type().equals("03")) return Set.of("1370");
        if (kiosk && cert.no().isEmpty()) return Set.of("1373");
        if (cert.type().equals("02") && !cert.no().equals(who.certno())) return Set.of("1309");
        if (cert.type().equals("03") && !cert.no().isEmpty() && !who.psnNo().equals(cardHolder.get(cert.no()))) {
            return Set.of("1309");
        }
        if (cert.type().equals("01") && !who.psnNo().equals(voucherHolder.get(cert.no()))) return Set.of("1309");
        if (kiosk && useAccount && !limits.accountAllowed()) return Set.of("1372");
        if (kiosk && fen > limits.maxAmountPerSettlement()) return Set.of("1371");
        // The fund pays at most the total: within the day's offline limit for sure, or perhaps not (1322).
        if (offline && offlineFundToday + fen > OFFLINE_FUND_PER_DAY) return Set.of("0", "1322");
        return Set.of("0");
    }

    /** The centre was heard (it answered a query, or a restarted terminal's ping): no longer silent. */
    void heard() {
        silent = false;
    }

    /** A 2102 answered: an offline one counts towards the day's offline fund payments. */
    void settled(Asked asked, long fundPaid) {
        if (asked.offline()) offlineFundToday += fundPaid;
    }
}
