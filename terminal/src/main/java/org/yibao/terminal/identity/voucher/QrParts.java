package org.yibao.terminal.identity.voucher;

/**
 * The three decoded parts of a YBEC1 text, and the signed input: the ASCII bytes of
 * {@code YBEC1.<header>.<payload>}, i.e. the first {@code signedLength} bytes of {@code text}.
 */
record QrParts(byte[] header, byte[] payload, byte[] signature, byte[] text, int signedLength) {
}
