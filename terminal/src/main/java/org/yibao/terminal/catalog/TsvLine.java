package org.yibao.terminal.catalog;

import java.util.ArrayList;
import java.util.List;

/** Splitting one TSV line on tabs; fields keep their text (no quoting in these files). */
final class TsvLine {
    private TsvLine() {}

    /** The fields of {@code line}; an empty trailing field is kept ("a\t" has two fields). */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>(16);
        int start = 0;
        for (int tab = line.indexOf('\t'); tab >= 0; tab = line.indexOf('\t', start)) {
            fields.add(line.substring(start, tab));
            start = tab + 1;
        }
        fields.add(line.substring(start));
        return fields.toArray(String[]::new);
    }
}
