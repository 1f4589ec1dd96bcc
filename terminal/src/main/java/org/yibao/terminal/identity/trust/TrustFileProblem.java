package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how a trust file is not JSON, in Chinese for the technician: never the parser's
 * English text, its feature names or class names.
 */
final class TrustFileProblem {
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.{0,64})'");

    private TrustFileProblem() {
    }

    /** Where the JSON breaks (第 N 行第 M 列) and how. */
    static String syntax(JsonProcessingException e) {
        var location = e.getLocation();
        String place = location == null ? "" : "第 " + location.getLineNr() + " 行第 " + location.getColumnNr() + " 列：";
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            return place + "键 " + duplicate.group(1) + " 重复";
        }
        return place + switch (e) {
            case JsonEOFException _ -> "内容不完整（括号或引号未闭合）";
            case MismatchedInputException _ when original.startsWith("Trailing token") -> "JSON 对象之后还有多余内容";
            default -> "JSON 语法错误";
        };
    }
}
