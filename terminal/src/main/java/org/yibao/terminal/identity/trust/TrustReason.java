package org.yibao.terminal.identity.trust;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Why a trust file (platform keys and revocations, spec evoucher-and-card.md §3) was refused
 * whole. Codes 1560-1569 of the e-voucher range.
 */
public enum TrustReason implements ReasonCode {
    UNREADABLE("1560", "电子凭证信任文件无法读取"),
    TOO_LARGE("1561", "电子凭证信任文件过大"),
    NOT_JSON("1562", "电子凭证信任文件不是有效的JSON"),
    BAD_FIELD("1563", "电子凭证信任文件字段缺失、未知或类型错误"),
    UNSUPPORTED_ALG("1564", "电子凭证信任文件含不支持的签名算法"),
    BAD_PEM("1565", "电子凭证信任文件中的公钥无效"),
    ALG_CURVE_MISMATCH("1566", "电子凭证信任文件中的公钥与声明的算法不符"),
    DUPLICATE_KID("1567", "电子凭证信任文件中的密钥编号重复"),
    BAD_VALIDITY("1568", "电子凭证信任文件中的密钥有效期错误");

    private final String code;
    private final String message;

    TrustReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() {
        return code;
    }

    @Override public String message() {
        return message;
    }
}
