package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a body that is not JSON, in Chinese for the err_msg a cashier may see, with
 * the line and column: never the parser's own English text, its feature names or class names.
 */
final class JsonSyntaxProblem {
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.{0,64})'");

    private JsonSyntaxProblem() {
    }

    static String describe(JsonProcessingException e) {
        var location = e.getLocation();
        String place = location == null ? "" : "第 " + location.getLineNr() + " 行第 " + location.getColumnNr() + " 列：";
        return place + what(e);
    }

    private static String what(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) return "字段重复 \"" + duplicate.group(1) + "\"";
        return switch (e) {
            case StreamConstraintsException _ -> "超出限制（嵌套不超过 64 层，数字不超过 1000 位）";
            case JsonEOFException _ -> "内容不完整（括号或引号未闭合）";
            case MismatchedInputException _ when original.startsWith("Trailing token") -> "JSON 之后还有多余内容";
            default -> "语法错误（字符串须用双引号，不允许多余的逗号或非数字值）";
        };
    }
}
