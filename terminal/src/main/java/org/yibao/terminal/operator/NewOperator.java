package org.yibao.terminal.operator;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yibao.terminal.domain.Refusal;

/**
 * The fields of an operator to add. {@link #problem()} says what is wrong with them: the number
 * is 1-20 letters, digits, '_' or '-'; the name is 1-50 characters without control characters.
 */
public record NewOperator(String opterNo, String name, Role role, boolean mustChangePassword) {
    private static final Pattern OPTER_NO = Pattern.compile("[0-9A-Za-z_-]{1,20}");

    public NewOperator {
        Objects.requireNonNull(opterNo, "opterNo");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** The refusal for these fields, or empty when they are acceptable. */
    public Optional<Refusal> problem() {
        if (!OPTER_NO.matcher(opterNo).matches()) {
            return Optional.of(new Refusal(OperatorReason.BAD_OPERATOR_NO, "须为 1-20 位字母、数字、_ 或 -"));
        }
        if (name.isBlank() || name.length() > 50 || name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new Refusal(OperatorReason.BAD_NAME, "须为 1-50 个字符"));
        }
        return Optional.empty();
    }
}
