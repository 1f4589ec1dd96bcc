package org.yibao.provisioning.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration, bundle or update: the reason, the key path it concerns
 * ({@code devices.printer.paper_width}; empty for the whole document) and why, in words.
 */
public record Problem(ProvisionReason reason, String path, String why) {
    public Problem {
        Objects.requireNonNull(reason, "reason");
        path = path == null ? "" : path;
        why = why == null ? "" : why;
    }

    /** "1903 配置项取值无效：devices.printer.paper_width: 应为58 或 80". */
    public String text() {
        return reason.code() + " " + errMsg();
    }

    /** The message without the code, for {@code err_msg}: "配置项取值无效：devices.printer.paper_width: 应为58 或 80". */
    public String errMsg() {
        String where = path.isEmpty() ? why : why.isEmpty() ? path : path + ": " + why;
        return reason.message() + (where.isEmpty() ? "" : "：" + where);
    }
}
