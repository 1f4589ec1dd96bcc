package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardReaders;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.identity.card.CardIdentity;
import org.yibao.terminal.identity.card.CardMasks;
import org.yibao.terminal.identity.card.CardReadOutcome;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terminal card read}: waits for a 社会保障卡 in a PC/SC reader, reads it and prints
 * one JSON line, masked unless {@code --unmasked}; exit 0. A card that cannot be read or
 * used prints {@code {"term_errcode":"14NN","err_msg":"..."}} and exits 2.
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"等待插入社会保障卡并读取，输出身份信息 JSON（退出码 0），或 term_errcode/err_msg（退出码 2）。",
                "Wait for a 社会保障卡, read it and print its identity JSON (exit 0), or term_errcode/err_msg (exit 2)."})
public final class CardReadCommand implements Callable<Integer> {
    static final int REFUSED = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--reader", paramLabel = "PATTERN", defaultValue = "",
            description = "regular expression a reader name must contain (default: any reader)")
    String readerPattern;

    @Option(names = "--wait-s", paramLabel = "N", defaultValue = "10",
            description = "seconds to wait for a card (default: ${DEFAULT-VALUE})")
    int waitSeconds;

    @Option(names = "--unmasked", description = "print name, 社会保障号码 and card numbers in full (default: masked)")
    boolean unmasked;

    @Option(names = "--pin-stdin", description = "read the card PIN from the first line of stdin and verify it")
    boolean pinStdin;

    @Option(names = "--today", paramLabel = "yyyy-MM-dd", description = "check the card's expiry as of this date (default: today)")
    LocalDate today;

    @Override public Integer call() throws IOException {
        if (waitSeconds < 0 || waitSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wait-s 须在 0 到 3600 秒之间");
        }
        CardReaderConfig config;
        try {
            config = CardReaderConfig.of(CardReaderConfig.PCSC, readerPattern);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<String> pin = pinStdin ? Optional.of(stdinLine()) : Optional.empty();
        try (CardReaderPort port = CardReaders.open(config)) {
            LocalDate given = today;
            Supplier<LocalDate> day = given != null ? () -> given : BeijingTime::today; // the day the card is read on
            CardReadOutcome outcome = new CardReadService(port, new SocialSecurityCardReader())
                    .readNext(Duration.ofSeconds(waitSeconds), day, pin);
            return switch (outcome) {
                case CardReadOutcome.Read(CardIdentity identity) -> print(identityJson(identity, unmasked), 0);
                case CardReadOutcome.Refused(Refusal refusal) -> print(refusedJson(refusal), REFUSED);
            };
        }
    }

    private int print(ObjectNode node, int exit) {
        try {
            spec.commandLine().getOut().println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        spec.commandLine().getOut().flush();
        return exit;
    }

    /** The identity with the national interface's field names (1101 input plus baseinfo). */
    static ObjectNode identityJson(CardIdentity c, boolean unmasked) {
        return JSON.createObjectNode()
                .put("mdtrt_cert_type", CardIdentity.MDTRT_CERT_TYPE)
                .put("mdtrt_cert_no", unmasked ? c.cardNo() : CardMasks.cardNo(c.cardNo()))
                .put("card_sn", unmasked ? c.cardSn() : CardMasks.cardSn(c.cardSn()))
                .put("psn_cert_type", CardIdentity.PSN_CERT_TYPE)
                .put("certno", unmasked ? c.certno() : CardMasks.certno(c.certno()))
                .put("psn_name", unmasked ? c.name() : CardMasks.name(c.name()))
                .put("gend", c.sex())
                .put("naty", c.nation())
                .put("brdy", unmasked ? c.birthDate().toString() : CardMasks.birthDate(c.birthDate()))
                .put("card_admdvs", c.area())
                .put("card_ver", c.version())
                .put("card_issu_date", c.issueDate().toString())
                .put("card_expy_date", c.expiryDate().toString());
    }

    static ObjectNode refusedJson(Refusal refusal) {
        return JSON.createObjectNode().put("term_errcode", refusal.reason().code()).put("err_msg", refusal.errMsg());
    }

    /** The first line of stdin, read only up to 32 characters (a PIN is at most 12 digits). */
    private static String stdinLine() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 32; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
