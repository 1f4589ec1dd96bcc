package org.yibao.drivers.printer;

/** Small documents for the printer tests. */
final class Documents {
    private Documents() {
    }

    static ReceiptDocument sample() {
        return ReceiptDocument.builder()
                .centered("医保结算单", true)
                .line("阿莫西林胶囊 甲 ￥12.50")
                .line("total 12.50 元")
                .qr("SETL-0001")
                .feed(2)
                .cut()
                .build();
    }
}
