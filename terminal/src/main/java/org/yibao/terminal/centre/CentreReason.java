package org.yibao.terminal.centre;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1750-1769 of the 17xx uplink range: the REFERENCE centre's commands
 * ({@code terminal center}, {@code terminal center publish}, {@code terminal center bundle}) refusing
 * to start, to store an update or to make a provisioning bundle, for the person running the tests,
 * the demo or a test bench. Nothing was stored or written when one is given.
 */
public enum CentreReason implements ReasonCode {
    PERSONS_UNREADABLE("1750", "人员文件无法读取"),
    CA_UNUSABLE("1751", "参考中心的 CA 无法使用"),
    NOT_STARTED("1752", "参考中心无法启动"),
    BROKER_UNREACHABLE("1753", "无法连接 MQTT 服务器"),
    UPDATE_INPUT_INVALID("1754", "参数或文件无效"),
    DELTA_FAILED("1755", "无法生成目录或对照表增量"),
    UPDATE_NOT_STORED("1756", "更新未能保存"),
    CSR_INVALID("1757", "证书申请（CSR）无效"),
    ROOT_KEY_UNUSABLE("1758", "配置根私钥无法使用"),
    BUNDLE_INPUT_INVALID("1759", "配置包内容无效"),
    BUNDLE_NOT_WRITTEN("1760", "配置包未能写出");

    private final String code;
    private final String message;

    CentreReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
