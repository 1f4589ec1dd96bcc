package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.terminal.api.json.DrugRequest;
import org.yibao.terminal.api.json.DrugRequestJson;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.JsonInputReason;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.api.json.SettlementHeader;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.catalog.CatalogFiles;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.policy.PolicyLoader;
import org.yibao.terminal.store.FileProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal simulate}: computes a 2101 pre-settlement from files (policy YAML, catalogue
 * and code-map TSV, a 1101 person JSON, a 2101 request JSON) and prints the output object.
 * Nothing is written. Exit 0 with the output; exit 2 with {@code {"infcode":-1,...}} when
 * refused (a file or the request is invalid, or the settlement is refused); exit 1 on an
 * unexpected error.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "按本地政策试算一笔药店预结算（2101），输出 output 对象，不写任何数据。")
public final class SimulateCommand implements Callable<Integer> {
    static final int EXIT_REFUSED = 2;
    static final int EXIT_UNEXPECTED = 1;

    @Spec CommandSpec spec;

    @Option(names = "--policy", required = true, description = "policy YAML file")
    Path policy;

    @Option(names = "--catalog", required = true, description = "catalogue TSV (plain or .zip)")
    Path catalog;

    @Option(names = "--codemap", required = true, description = "对照 code-map TSV (plain or .zip)")
    Path codemap;

    @Option(names = "--person", required = true, description = "1101 output JSON (bare output or whole response)")
    Path person;

    @Option(names = "--input", required = true, description = "2101 request JSON (envelope with input.druginfo, input.drugdetail)")
    Path input;

    @Option(names = "--hosp-lv", required = true, description = "this terminal's level: 1, 2, 3 or pharmacy")
    String hospLv;

    @Option(names = "--date", required = true, description = "settlement date, yyyy-MM-dd")
    LocalDate date;

    @Option(names = "--unmasked", description = "print personal data (the name and the psn_no) unmasked")
    boolean unmasked;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!hospLv.matches("[123]|pharmacy")) {
                throw new RefusedException(JsonInputReason.BAD_VALUE, "--hosp-lv 应为 1、2、3 或 pharmacy：" + hospLv);
            }
            return run(out, err);
        } catch (RefusedException e) {
            return refused(out, e.refusal());
        } catch (RuntimeException e) {
            err.println("程序内部错误，请把以下信息交给开发人员：");
            e.printStackTrace(err);
            err.flush();
            return EXIT_UNEXPECTED;
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        Policy p = PolicyLoader.load(policy);
        Catalog cat = CatalogFiles.readCatalog(catalog);
        CodeMap map = CatalogFiles.readCodeMap(codemap);
        PersonSnapshot who = PersonJson.parse(Json.parse(read(person, "--person"), "--person " + person.getFileName()));
        DrugRequest req = DrugRequestJson.parse(Json.parse(read(input, "--input"), "--input " + input.getFileName()));
        return switch (new Settler(p, cat, map, hospLv).settle(req.purchase(), who, date)) {
            case Outcome.Refused<Settlement> r -> refused(out, r.refusal());
            case Outcome.Ok<Settlement> ok -> {
                Settlement s = ok.value();
                out.println(Json.writePretty(new SettlementJsonWriter(new SettlementJsonWriter.Options(unmasked))
                        .write(s, header(p, who, req))));
                out.flush();
                if (!s.warnings().isEmpty()) {
                    err.println("warn_msg: " + s.warnMsg());
                    err.flush();
                }
                yield 0;
            }
        };
    }

    private SettlementHeader header(Policy p, PersonSnapshot who, DrugRequest req) {
        String clrOptins = who.insurance(req.purchase().insutype())
                .map(PersonSnapshot.Insurance::insuplcAdmdvs).filter(s -> !s.isEmpty())
                .orElse(req.insuplcAdmdvs().isEmpty() ? p.admdvs() : req.insuplcAdmdvs());
        String name = who.name().isEmpty() ? req.psnName() : who.name();
        return new SettlementHeader(Optional.empty(), "", who.psnNo(), name, date.atStartOfDay(),
                req.mdtrtCertType(), req.msgid(), clrOptins);
    }

    private static int refused(PrintWriter out, Refusal r) {
        out.println(Json.write(SettlementJsonWriter.refusal(r)));
        out.flush();
        return EXIT_REFUSED;
    }

    /**
     * The file given as {@code option}, as UTF-8 text without the byte order mark a Windows editor
     * puts first (the API and the catalogue take it too); unreadable or not UTF-8 is a refusal
     * naming the option, the file and why.
     */
    private static String read(Path file, String option) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RefusedException(JsonInputReason.NOT_JSON, option + " " + file.getFileName() + "：不是UTF-8编码");
        } catch (IOException e) {
            throw new RefusedException(JsonInputReason.FILE_UNREADABLE, option + " " + file + "：" + FileProblem.unreadable(file, e));
        }
    }
}
