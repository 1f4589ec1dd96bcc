package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Why a YBEC1 e-voucher QR code was refused (codes 1501-1529 of the e-voucher range). Each
 * refusal of spec evoucher-and-card.md §1 has its own code; the messages tell the cashier
 * what to do and never carry personal data.
 */
public enum VoucherReason implements ReasonCode {
    TOO_LARGE("1501", "二维码内容过长，不是医保电子凭证"),
    BAD_PREFIX("1502", "不是医保电子凭证二维码"),
    BAD_STRUCTURE("1503", "电子凭证二维码不完整，请重新扫码"),
    BAD_ENCODING("1504", "电子凭证二维码编码错误，请重新扫码"),
    BAD_JSON("1505", "电子凭证内容格式错误"),
    UNSUPPORTED_TYPE("1506", "不支持的电子凭证类型"),
    UNSUPPORTED_ALG("1507", "不支持的电子凭证签名算法"),
    UNSUPPORTED_VERSION("1508", "不支持的电子凭证版本"),
    BAD_FIELD("1509", "电子凭证内容缺项或格式错误"),
    UNSUPPORTED_BIZ("1510", "电子凭证用途不适用于本业务"),
    UNKNOWN_KEY("1511", "电子凭证签发密钥不受信任，请联系技术人员更新信任文件"),
    KEY_EXPIRED("1512", "电子凭证签发密钥已过期，请联系技术人员更新信任文件"),
    KEY_NOT_YET_VALID("1513", "电子凭证签发密钥尚未生效，请核对终端时钟"),
    KEY_ALG_MISMATCH("1514", "电子凭证签名算法与签发密钥不符"),
    BAD_SIGNATURE("1515", "电子凭证签名无效，可能被篡改"),
    EXPIRED("1516", "电子凭证已过期，请参保人刷新二维码"),
    ISSUED_IN_FUTURE("1517", "电子凭证签发时间晚于终端时间，请核对终端时钟"),
    /** exp before iat, or exp - iat over 300 s; the detail says which. */
    BAD_LIFETIME("1518", "电子凭证有效期不合规"),
    REPLAYED("1519", "该电子凭证二维码已使用过，请参保人刷新二维码"),
    TOKEN_REVOKED("1520", "该电子凭证已注销，请参保人重新激活医保电子凭证"),
    PERSON_REVOKED("1521", "该参保人电子凭证已停用，请改用社保卡或身份证"),
    REPLAY_STORE_UNAVAILABLE("1522", "终端核验记录不可用，暂不能使用电子凭证，请联系技术人员");

    private final String code;
    private final String message;

    VoucherReason(String code, String message) {
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
