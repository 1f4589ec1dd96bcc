package org.yibao.drivers.printer;

/** Receipt paper widths and the columns of the standard 12×24 font they hold. */
public enum PaperWidth {
    MM58(32), MM80(48);

    private final int columns;

    PaperWidth(int columns) {
        this.columns = columns;
    }

    /** Columns per line, where an ASCII character takes one and a CJK character two. */
    public int columns() {
        return columns;
    }
}
