package org.yibao.drivers.card;

/**
 * Why a card-reader operation failed, for the terminal to map onto its own result codes.
 * Every {@link CardReaderException} carries exactly one of these. Each has the four-digit code
 * of the card range (14xx) and a Chinese text for a technician (the self-test shows them); the
 * exception's own message is English, for the log. The terminal's cashier texts for the same
 * codes are its {@code CardReason}s.
 */
public enum CardFault {
    /** No reader matching the configured name pattern is attached. */
    NO_READER("1401", "未检测到读卡器（未连接，或名称与配置不符）"),
    /** A matching reader is present but no card was inserted before the wait ended. */
    NO_CARD("1402", "读卡器中没有卡"),
    /** The card was pulled out (or lost power) while a session was using it. */
    CARD_REMOVED("1403", "读卡过程中卡被拔出"),
    /** The reader the session was using disappeared (unplugged, or the service lost it). */
    READER_GONE("1412", "读卡器连接中断（被拔出或读卡服务丢失了它）"),
    /** The PC/SC service (pcscd) cannot be reached. */
    SERVICE_UNAVAILABLE("1410", "读卡服务（PC/SC，pcscd）未启动或无法连接"),
    /** The card or the reader did not answer within the configured time. */
    TIMEOUT("1411", "读卡器或卡无响应"),
    /** The card answered something the transport could not use (bad length, protocol error). */
    PROTOCOL_ERROR("1413", "读卡器通讯异常（应答无法识别）"),
    /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
    INTERRUPTED("1413", "读卡被中断"),
    /** The reader or session was closed by its owner. */
    CLOSED("1413", "读卡器已关闭");

    private final String code;
    private final String message;

    CardFault(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The four-digit code of the card range (the terminal's {@code CardReason} for this fault has the same). */
    public String code() {
        return code;
    }

    /** What is wrong, in Chinese, for a technician. */
    public String message() {
        return message;
    }
}
