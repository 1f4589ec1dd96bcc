package org.yibao.terminal.cli;

import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Usage errors said in Chinese first, for the technician at the device: one line
 * ({@code 命令用法有误：…}) before picocli's own message and the usage, which stay as they are. The
 * line names what is missing or wrong by the option's or parameter's name, never a value given (a
 * password typed on the command line by mistake must not be quoted back; see
 * {@link PasswordSafeUsageErrors}, which {@code next} usually is). A message the project wrote
 * itself, already in Chinese, gets no second line.
 */
final class ChineseUsageErrors implements IParameterExceptionHandler {
    static final String PREFIX = "命令用法有误：";

    private final IParameterExceptionHandler next;

    ChineseUsageErrors(IParameterExceptionHandler next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        if (!hasChinese(ex.getMessage())) {
            CommandLine command = ex.getCommandLine();
            command.getErr().println(PREFIX + chinese(ex) + "（英文说明与用法见下）");
            command.getErr().flush();
        }
        return next.handleParseException(ex, args);
    }

    /** What went wrong, by kind, naming options and parameters only. */
    static String chinese(ParameterException ex) {
        return switch (ex) {
            case CommandLine.MissingParameterException missing -> "缺少必需的参数或选项 " + missing.getMissing().stream()
                    .map(ChineseUsageErrors::name).collect(Collectors.joining("、"));
            case CommandLine.UnmatchedArgumentException unmatched -> "有无法识别的参数或选项";
            case CommandLine.OverwrittenOptionException overwritten -> "选项 " + name(overwritten.getOverwritten()) + " 给了不止一次";
            case CommandLine.MutuallyExclusiveArgsException exclusive -> "这几个选项不能同时使用";
            case CommandLine.MaxValuesExceededException tooMany -> "参数个数超出";
            default -> ex.getArgSpec() != null ? name(ex.getArgSpec()) + " 的取值无效" : "参数无效";
        };
    }

    private static String name(CommandLine.Model.ArgSpec spec) {
        if (spec instanceof CommandLine.Model.OptionSpec option) return option.longestName();
        return spec.paramLabel();
    }

    private static boolean hasChinese(String message) {
        return message != null && message.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
