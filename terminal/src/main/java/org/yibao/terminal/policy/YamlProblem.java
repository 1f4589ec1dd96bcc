package org.yibao.terminal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Where and how a policy file is not YAML, in Chinese for the technician: 第N行第M列 and a short
 * description, never SnakeYAML's or Jackson's English text. The place is SnakeYAML's problem
 * mark (counted from 0, so shown +1, as SnakeYAML itself writes "line 2, column 1"): Jackson's
 * own location is where the last good token was, a line earlier for a tab that starts a line.
 */
final class YamlProblem {
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.{0,64})'");

    private YamlProblem() {
    }

    static String describe(JsonProcessingException e) {
        return place(e) + what(e);
    }

    private static String place(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            if (mark != null) {
                return "第" + (mark.getLine() + 1) + "行第" + (mark.getColumn() + 1) + "列：";
            }
        }
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? "" : "第" + location.getLineNr() + "行第" + location.getColumnNr() + "列：";
    }

    private static String what(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            return "键 " + duplicate.group(1) + " 重复";
        }
        return switch (e.getCause()) {
            case MarkedYAMLException marked -> syntax(marked);
            case ReaderException _ -> "含不允许的控制字符";
            case YAMLException _ -> "文件过大";
            case NumberFormatException _ -> "数值格式错误";
            case null, default -> switch (e) {
                case StreamConstraintsException _ -> "超出限制（嵌套过深或数值过长）";
                case MismatchedInputException _ when original.startsWith("Trailing token") -> "只能有一个 YAML 文档（不能有第二个 ---）";
                default -> original.startsWith("Expected a field name") ? "键须为文字，不能是列表或映射" : "YAML 语法错误";
            };
        };
    }

    private static String syntax(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (problem.contains("(TAB)")) {
            return "不能用制表符（Tab）缩进，请改用空格";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "此处不能有冒号（缩进或冒号有误）";
        }
        if (problem.contains("unknown escape character")) {
            return "双引号内有无效的转义字符";
        }
        if (context.contains("quoted scalar") && problem.contains("end of stream")) {
            return "引号未闭合";
        }
        if (context.startsWith("while parsing a flow") && problem.startsWith("expected ','")) {
            return "括号未闭合或缺少逗号";
        }
        if (problem.startsWith("expected <block end>")) {
            return "缩进不一致";
        }
        return "YAML 语法错误";
    }
}
