package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyWarnings;
import org.yibao.terminal.domain.policy.PoolingArea;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.Segment;
import org.yibao.terminal.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal policy check FILE [--admdvs AREA]}: validates a policy file completely, as
 * {@code run} and a fleet update do, and prints what it holds (exit 0), or the refusal naming the
 * file, the key or line and what is wrong (12xx, exit 2). With {@code --admdvs} it also checks that
 * the policy is for that terminal's 统筹区 (1219). Reads only the file; nothing is written, and a
 * running terminal's policy is not touched: a file is put in use through the configuration's
 * {@code policy:} (and a restart) or by the centre's policy update.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "完整校验政策文件，输出其统筹区、版本、生效日期与规则；有错误时给出 12xx 编码与出错的键或行（退出码 2）。不写任何数据。")
public final class PolicyCheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "政策文件（YAML）")
    Path file;

    @Option(names = "--admdvs", paramLabel = "AREA", description = "本机医保区划（6 位）：同时检查政策是否属于本机所在统筹区（1219）")
    String admdvs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Policy policy = PolicyLoader.load(file);
            if (admdvs != null) PoolingArea.require(policy, admdvs, String.valueOf(file.getFileName()));
            List<String> warnings = PolicyWarnings.of(policy);
            warnings.forEach(w -> spec.commandLine().getErr().println("警告：" + w));
            spec.commandLine().getErr().flush();
            ObjectNode summary = summary(policy);
            warnings.forEach(summary.putArray("warnings")::add);
            out.println(Json.writePretty(summary));
            out.flush();
            return 0;
        } catch (RefusedException e) {
            return CliRefusal.print(spec.commandLine(), e.refusal());
        }
    }

    private static ObjectNode summary(Policy policy) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("valid", true);
        s.put("admdvs", policy.admdvs());
        s.put("version", policy.version());
        s.put("effective", policy.effective().toString());
        policy.accuGroups().stream().sorted().forEach(s.putArray("accu_groups")::add);
        var rules = s.putArray("rules");
        for (Rule rule : policy.rules()) {
            ObjectNode r = rules.addObject().put("id", rule.id()).put("accu_group", rule.accuGroup())
                    .put("fund_pay_type", rule.fundPayType().code()).put("account", rule.account().isPresent());
            switch (rule.benefits()) {
                case RuleBenefits.Flat flat -> benefit(r, flat.benefit());
                case RuleBenefits.PerDisease perDisease -> {
                    r.put("requires_opsp", perDisease.requiresOpsp());
                    ObjectNode diseases = r.putObject("diseases");
                    perDisease.diseases().forEach((code, benefit) -> benefit(diseases.putObject(code), benefit));
                }
            }
        }
        s.putObject("offline").put("max_hours", policy.offline().maxHours())
                .put("max_fund_pay_per_settlement_fen", policy.offline().maxFundPayPerSettlement())
                .put("max_fund_pay_per_day_fen", policy.offline().maxFundPayPerDay())
                .put("account_requires_cached_balance", policy.offline().accountRequiresCachedBalance());
        return s;
    }

    /** The figures as read, in yuan as written (100.00) and ratios as decimals, so policy staff see what will be applied. */
    private static void benefit(ObjectNode n, Benefit b) {
        n.put("deductible", Fen.format(b.deductible()));
        var segments = n.putArray("segments");
        for (Segment segment : b.segments()) {
            ObjectNode sg = segments.addObject();
            if (segment.upto().isPresent()) sg.put("upto", Fen.format(segment.upto().getAsLong()));
            else sg.putNull("upto");
            sg.put("ratio", segment.ratio().toString());
        }
        if (b.annualCap().isPresent()) n.put("annual_cap", Fen.format(b.annualCap().getAsLong()));
        else n.putNull("annual_cap");
        if (b.visitCap().isPresent()) n.put("visit_cap", Fen.format(b.visitCap().getAsLong()));
        else n.putNull("visit_cap");
    }
}
