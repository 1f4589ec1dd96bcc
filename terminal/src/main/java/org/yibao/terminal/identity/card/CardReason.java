package org.yibao.terminal.identity.card;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Why a 社会保障卡 could not be read or used (codes 1401-1413 of the card range). Each case
 * of spec evoucher-and-card.md §2 has its own code; the messages tell the cashier what to do
 * and never carry personal data.
 */
public enum CardReason implements ReasonCode {
    NO_READER("1401", "未检测到读卡器，请检查读卡器连接"),
    NO_CARD("1402", "未检测到社保卡，请插入社保卡"),
    CARD_REMOVED("1403", "读卡过程中社保卡被拔出，请重新插卡"),
    NOT_SOCIAL_SECURITY_CARD("1404", "此卡不是社会保障卡，请插入社保卡"),
    RECORD_UNREADABLE("1405", "社保卡数据读取失败，请重新插卡"),
    RECORD_MALFORMED("1406", "社保卡数据格式错误，请参保人到发卡机构检查"),
    CARD_EXPIRED("1407", "社保卡已超过有效期，请参保人到发卡机构换卡"),
    PIN_BLOCKED("1408", "社保卡密码已锁定，请参保人到发卡机构解锁"),
    PIN_WRONG("1409", "社保卡密码错误"),
    READER_SERVICE_UNAVAILABLE("1410", "读卡服务未启动，请联系技术人员"),
    READER_TIMEOUT("1411", "读卡器无响应，请重新插卡"),
    READER_GONE("1412", "读卡器连接中断，请检查读卡器连接后重新插卡"),
    READER_ERROR("1413", "读卡器通讯异常，请重新插卡");

    private final String code;
    private final String message;

    CardReason(String code, String message) {
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
