package org.yibao.provisioning.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how a text is not JSON, in Chinese for whoever reads the refusal (a cashier's err_msg,
 * a technician's bundle, trust file or revocation list): 第 N 行第 M 列 and what is wrong, never
 * the parser's English text, its feature names or class names. One place for every JSON reader.
 */
public final class JsonSyntax {
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.{0,64})'");

    private JsonSyntax() {
    }

    /** 第 N 行第 M 列：and the problem (duplicate key, incomplete, trailing content, limits, syntax). */
    public static String describe(JsonProcessingException e) {
        var location = e.getLocation();
        String place = location == null || location.getLineNr() < 1
                ? "" : "第 " + location.getLineNr() + " 行第 " + location.getColumnNr() + " 列：";
        return place + what(e);
    }

    private static String what(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) return "键 " + duplicate.group(1) + " 重复";
        return switch (e) {
            case StreamConstraintsException _ -> "超出限制（嵌套不超过 64 层，数字不超过 1000 位）";
            case JsonEOFException _ -> "内容不完整（括号或引号未闭合）";
            case JsonProcessingException _ when original.startsWith("Unexpected end-of-input") -> "内容不完整（括号或引号未闭合）";
            case MismatchedInputException _ when original.startsWith("Trailing token") -> "JSON 之后还有多余内容";
            default -> "JSON 语法错误（字符串须用双引号，不允许多余的逗号或非数字值）";
        };
    }
}
