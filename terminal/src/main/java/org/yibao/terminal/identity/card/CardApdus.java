package org.yibao.terminal.identity.card;

import java.util.HexFormat;

/** The command APDUs of the 社会保障卡 (spec evoucher-and-card.md §2). Pure byte builders. */
public final class CardApdus {
    /** AID "sx1.sh.社会保障" in GBK. */
    static final byte[] AID = HexFormat.of().parseHex("7378312E73682EC9E7BBE1B1A3D5CF");
    /** EF05 (card data) and EF06 (holder data), as file ids and as the short file id of EF05. */
    static final int EF05 = 0xEF05;
    static final int EF06 = 0xEF06;
    static final int SFI_EF05 = 5;

    private CardApdus() {
    }

    /** 00 A4 04 00 0F AID: select the 社保 application. */
    public static byte[] selectApplication() {
        byte[] apdu = new byte[5 + AID.length];
        apdu[1] = (byte) 0xA4;
        apdu[2] = 0x04;
        apdu[4] = (byte) AID.length;
        System.arraycopy(AID, 0, apdu, 5, AID.length);
        return apdu;
    }

    /** 00 A4 02 00 02 FID: select an elementary file of the application. */
    public static byte[] selectFile(int fid) {
        return new byte[] {0x00, (byte) 0xA4, 0x02, 0x00, 0x02, (byte) (fid >>> 8), (byte) fid};
    }

    /** 00 B2 rec (SFI<<3 | 4) 00: read a record of the file named by its short id. */
    public static byte[] readRecordBySfi(int record, int sfi) {
        return new byte[] {0x00, (byte) 0xB2, (byte) record, (byte) (sfi << 3 | 0x04), 0x00};
    }

    /** 00 B2 rec 04 00: read a record of the currently selected file. */
    public static byte[] readRecord(int record) {
        return new byte[] {0x00, (byte) 0xB2, (byte) record, 0x04, 0x00};
    }

    /**
     * 00 20 00 00 len PIN, the PIN as packed BCD (two digits a byte, an odd count padded with F),
     * as 社保卡 readers send it.
     *
     * @throws IllegalArgumentException when the PIN is not 4..12 digits
     */
    public static byte[] verifyPin(String pin) {
        if (pin == null || !pin.matches("[0-9]{4,12}")) {
            throw new IllegalArgumentException("a card PIN is 4 to 12 digits");
        }
        String padded = pin.length() % 2 == 0 ? pin : pin + "F";
        byte[] bcd = HexFormat.of().parseHex(padded);
        byte[] apdu = new byte[5 + bcd.length];
        apdu[1] = 0x20;
        apdu[4] = (byte) bcd.length;
        System.arraycopy(bcd, 0, apdu, 5, bcd.length);
        return apdu;
    }
}
