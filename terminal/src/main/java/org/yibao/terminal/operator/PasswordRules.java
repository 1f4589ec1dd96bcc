package org.yibao.terminal.operator;

import java.util.Optional;
import org.yibao.terminal.domain.Refusal;

/**
 * What a new password must be: 8 to 128 characters, no control characters, at least two of
 * letters / digits / other characters, and not the operator number itself.
 */
public final class PasswordRules {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;

    private PasswordRules() {
    }

    /** The refusal for {@code password} as {@code opterNo}'s new password, or empty when it is acceptable. */
    public static Optional<Refusal> check(String opterNo, char[] password) {
        if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            return refuse("长度须为 " + MIN_LENGTH + "-" + MAX_LENGTH + " 个字符");
        }
        boolean letter = false;
        boolean digit = false;
        boolean other = false;
        for (char c : password) {
            if (Character.isISOControl(c)) return refuse("不能包含控制字符");
            if (Character.isLetter(c)) letter = true;
            else if (Character.isDigit(c)) digit = true;
            else other = true;
        }
        if ((letter ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0) < 2) {
            return refuse("须至少包含字母、数字、符号中的两类");
        }
        if (new String(password).equalsIgnoreCase(opterNo)) return refuse("不能与工号相同");
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String detail) {
        return Optional.of(new Refusal(OperatorReason.WEAK_PASSWORD, detail));
    }
}
