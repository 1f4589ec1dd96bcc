package org.yibao.terminal.provision;

import java.util.List;
import org.yibao.provisioning.config.Problem;

/**
 * A run configuration file ({@code --config FILE}) that cannot be used, with the 19xx code of its
 * first problem (1901 not YAML / JSON or not a mapping, 1902 a field missing, 1903 a value wrong,
 * 1904 an unknown key) and every problem in the message. Commands that only look at the file
 * (selftest, diagnostics export) print it as a refusal; {@code run} as {@code 配置文件无效：…}.
 */
public final class ConfigFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String code;

    private ConfigFileException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** {@code where: problem; problem …}, the code that of the first problem. */
    public static ConfigFileException of(String where, List<Problem> problems) {
        return new ConfigFileException(problems.getFirst().reason().code(),
                where + ": " + String.join("; ", problems.stream().map(Problem::text).toList()));
    }

    /** The 19xx code of the first problem. */
    public String code() {
        return code;
    }

    /** The {@code err_msg} of a refusal of the file: {@code 配置文件无效：where: problems}. */
    public String errMsg() {
        return "配置文件无效：" + getMessage();
    }
}
