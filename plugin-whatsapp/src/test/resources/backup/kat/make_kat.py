#!/usr/bin/env python3
"""Writes the known-answer backups BackupDecryptorKnownAnswerTest checks, from kat.db.

An encryptor written independently of the Java decryptor (Python's 'cryptography' package for
AES-GCM and HKDF), following the layouts in docs/whatsapp-backups.md. Run it from this folder;
its output is deterministic (fixed keys, IVs and salts), so re-running it changes nothing.
"""
import hashlib
import struct
import zlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes

JAVA_BYTE_ARRAY = bytes.fromhex("aced0005757200025b42acf317f8060854e00200007870")

ROOT_KEY = bytes(range(32))
AES_KEY_14 = bytes(range(100, 132))
SERVER_SALT = bytes(range(200, 232))
GOOGLE_ID_SALT = bytes(range(16, 32))
IV = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")


def serialized(payload):
    return JAVA_BYTE_ARRAY + struct.pack(">i", len(payload)) + payload


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def field_bytes(number, value):
    return varint(number << 3 | 2) + varint(len(value)) + value


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def gcm(key, plain):
    return AESGCM(key).encrypt(IV, zlib.compress(plain, 9), None)  # ciphertext followed by the 16-byte tag


def main():
    plain = open("kat.db", "rb").read()
    info = field_bytes(1, b"2.24.1.6") + field_bytes(3, b"42") + field_varint(4, 1)

    # crypt15: key from HKDF-SHA256(root, no salt, info "backup encryption")
    key15 = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"backup encryption").derive(ROOT_KEY)
    prefix15 = field_varint(1, 1) + field_bytes(3, field_bytes(1, IV)) + field_bytes(4, info)
    body = bytes([len(prefix15), 1]) + prefix15 + gcm(key15, plain)
    open("msgstore.db.crypt15", "wb").write(body + hashlib.md5(body).digest())
    open("encrypted_backup.key", "wb").write(serialized(ROOT_KEY))
    open("root-key.hex", "w").write(ROOT_KEY.hex() + "\n")
    open("crypt15-payload-key.hex", "w").write(key15.hex() + "\n")

    # crypt15 without the MD5 footer and without the 0x01 flag byte (as wa.db backups are written)
    open("wa.db.crypt15", "wb").write(bytes([len(prefix15)]) + prefix15 + gcm(key15, plain))

    # crypt14: AES key from the 'key' file, server salt and IV in the header
    c14 = (field_bytes(1, b"\x00\x01") + field_bytes(2, b"2") + field_bytes(3, SERVER_SALT)
           + field_bytes(4, GOOGLE_ID_SALT) + field_bytes(5, IV))
    prefix14 = field_varint(1, 0) + field_bytes(2, c14) + field_bytes(4, info)
    body = bytes([len(prefix14), 1]) + prefix14 + gcm(AES_KEY_14, plain)
    open("msgstore.db.crypt14", "wb").write(body + hashlib.md5(body).digest())
    key_file = (b"\x00\x01" + b"\x02" + SERVER_SALT + GOOGLE_ID_SALT + hashlib.sha256(b"account").digest()
                + bytes(16) + AES_KEY_14)
    open("key", "wb").write(serialized(key_file))

    # crypt12: a raw 67-byte header, then ciphertext, tag, MD5 of all before, last two phone digits
    header12 = b"\x00\x01" + b"\x02" + SERVER_SALT + GOOGLE_ID_SALT + IV
    body = header12 + gcm(AES_KEY_14, plain)
    open("msgstore.db.crypt12", "wb").write(body + hashlib.md5(body).digest() + b"--42")


if __name__ == "__main__":
    main()
