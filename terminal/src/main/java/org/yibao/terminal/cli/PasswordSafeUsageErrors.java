package org.yibao.terminal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors of the commands that read passwords ({@code --password-stdin}), told without the
 * values that caused them: picocli's own message quotes them ("Unknown options: '--password',
 * 'the password'"), and a password typed on the command line by mistake would then stay in
 * whatever log keeps the command's stderr. Option names stay; each value picocli could not take
 * reads {@value #HIDDEN}. Every other command's usage errors are left to {@code standard}.
 */
final class PasswordSafeUsageErrors implements IParameterExceptionHandler {
    static final String HIDDEN = "***";
    private static final String PASSWORD_OPTION = "--password-stdin";

    private final IParameterExceptionHandler standard;

    PasswordSafeUsageErrors(IParameterExceptionHandler standard) {
        this.standard = Objects.requireNonNull(standard, "standard");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        CommandLine command = ex.getCommandLine();
        if (command.getCommandSpec().findOption(PASSWORD_OPTION) == null) return standard.handleParseException(ex, args);
        String message = ex.getMessage();
        for (String value : valuesIn(ex)) message = message.replace(value, HIDDEN);
        return standard.handleParseException(new ParameterException(command, message), args);
    }

    /** The values given that picocli could not take: the one it names, and every unmatched argument's. */
    private static List<String> valuesIn(ParameterException ex) {
        List<String> values = new ArrayList<>();
        if (ex.getValue() != null && !ex.getValue().isEmpty()) values.add(ex.getValue());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            for (String argument : unmatched.getUnmatched()) {
                int equals = argument.indexOf('=');
                if (!argument.startsWith("-")) values.add(argument);
                else if (equals > 0 && equals < argument.length() - 1) values.add(argument.substring(equals + 1));
            }
        }
        values.removeIf(String::isEmpty);
        return values;
    }
}
