#!/usr/bin/python3
"""A virtual third-generation 社会保障卡 for vpcd (vsmartcard), answering the APDUs of
spec/evoucher-and-card.md section 2. Test fixture only: every person in it is fictitious.

    sbcard.py --port 35963 [--variant good|expired|not-sscard|malformed|pin-blocked]
              [--sleep-on-record 09 --sleep-seconds 30] [--chain] [--wrong-le] [--no-sfi]

--chain answers every record with 61xx (the reader must send GET RESPONSE), --wrong-le
answers a record read with Le=00 by 6Cxx (the reader must resend with that Le), --no-sfi
refuses SFI reads of EF05 (6A86) so the reader must select EF05 first. --sleep-on-record
makes the card hang before answering that record: kill the process then to remove the card
mid-read. The card prints "READY" on stdout once it is connected to vpcd.
"""
import argparse
import sys
import time

from virtualsmartcard.VirtualSmartcard import VirtualICC, SmartcardOS, Iso7816OS

AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
PIN = bytes.fromhex("123456")  # packed BCD, as 社保卡 readers send it
OK = b"\x90\x00"


def bcd(text):
    return bytes.fromhex(text)


def ascii_field(text, length=None):
    raw = text.encode("ascii")
    return raw if length is None else raw.ljust(length, b"\x00")


def build_records(variant):
    expiry = "20201231" if variant == "expired" else "20361231"
    ef05 = {
        0x01: ascii_field("371500D15600000500BF7C7A48FB4966"),
        0x03: ascii_field("3.00"),
        0x04: ascii_field("37150000000000000000"),
        0x05: bcd("20211231"),
        0x06: bcd(expiry),
        0x07: ascii_field("S37150012"),
    }
    ef06 = {
        0x08: ascii_field("371502198801011234"),
        0x09: "张三".encode("gbk").ljust(30, b" "),
        0x0A: ascii_field("1"),
        0x0B: ascii_field("01"),
        0x0C: ascii_field("371502"),
        0x0D: bcd("19880101"),
    }
    return ef05, ef06


class SocialSecurityCardOS(SmartcardOS):
    def __init__(self, args):
        self.args = args
        self.ef05, self.ef06 = build_records(args.variant)
        self.tries = 0 if args.variant == "pin-blocked" else 3
        self.pending = b""
        self.reset()

    def getATR(self):
        return Iso7816OS.makeATR(T=1, directConvention=True, TA1=0x13, histChars=b"SBK3.00")

    def powerUp(self):
        self.reset()

    def powerDown(self):
        pass

    def reset(self):
        self.app_selected = False
        self.current = None
        self.pending = b""

    def execute(self, msg):
        if len(msg) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = msg[0], msg[1], msg[2], msg[3]
        body = msg[4:]
        if ins == 0xC0:
            return self.get_response(p1, p2, body)
        self.pending = b""
        if ins == 0xA4:
            return self.select(p1, body)
        if ins == 0xB2:
            return self.read_record(p1, p2, body)
        if ins == 0x20:
            return self.verify(body)
        return b"\x6D\x00"

    def select(self, p1, body):
        lc = body[0] if body else 0
        data = body[1:1 + lc]
        if p1 == 0x04:
            if self.args.variant == "not-sscard" or data != AID:
                return b"\x6A\x82"
            self.app_selected = True
            self.current = None
            return OK
        if p1 == 0x02 and self.app_selected and data in (b"\xEF\x05", b"\xEF\x06"):
            self.current = data[1]
            return OK
        return b"\x6A\x82"

    def read_record(self, rec, p2, body):
        if not self.app_selected:
            return b"\x69\x86"
        if p2 == 0x04:
            ef = self.current
        elif p2 == 0x2C and not self.args.no_sfi:
            ef = 0x05
        else:
            return b"\x6A\x86"
        records = {0x05: self.ef05, 0x06: self.ef06}.get(ef)
        if records is None or rec not in records:
            return b"\x6A\x83"
        if self.args.sleep_on_record is not None and rec == int(self.args.sleep_on_record, 16):
            sys.stdout.write("SLEEPING\n")
            sys.stdout.flush()
            time.sleep(self.args.sleep_seconds)
        value = records[rec]
        tlv = bytes([rec, len(value)]) + value
        if self.args.variant == "malformed" and rec == 0x08:
            tlv = bytes([rec, 40]) + value[:10]
        le = body[0] if len(body) == 1 else None
        if self.args.wrong_le and le == 0x00:
            return bytes([0x6C, len(tlv)])
        if self.args.chain:
            self.pending = tlv
            return bytes([0x61, len(tlv)])
        return tlv + OK

    def get_response(self, p1, p2, body):
        if not self.pending:
            return b"\x69\x85"
        le = body[0] if body else 0
        le = 256 if le == 0 else le
        chunk, self.pending = self.pending[:le], self.pending[le:]
        if self.pending:
            return chunk + bytes([0x61, min(len(self.pending), 255)])
        return chunk + OK

    def verify(self, body):
        if self.tries == 0:
            return b"\x69\x83"
        lc = body[0] if body else 0
        if body[1:1 + lc] == PIN:
            self.tries = 3
            return OK
        self.tries -= 1
        return b"\x69\x83" if self.tries == 0 else bytes([0x63, 0xC0 | self.tries])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--variant", default="good",
                        choices=["good", "expired", "not-sscard", "malformed", "pin-blocked"])
    parser.add_argument("--sleep-on-record")
    parser.add_argument("--sleep-seconds", type=float, default=60.0)
    parser.add_argument("--chain", action="store_true")
    parser.add_argument("--wrong-le", action="store_true")
    parser.add_argument("--no-sfi", action="store_true")
    args = parser.parse_args()
    vicc = VirtualICC(None, "iso7816", "localhost", args.port)
    vicc.os = SocialSecurityCardOS(args)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    vicc.run()


if __name__ == "__main__":
    main()
