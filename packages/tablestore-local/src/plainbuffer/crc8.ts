/** CRC-8 (polynomial 0x07, initial 0) as PlainBuffer uses it for cell and row checksums. */

const TABLE = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  TABLE[i] = crc;
}

export function crcByte(crc: number, byte: number): number {
  return TABLE[(crc ^ byte) & 0xff];
}

export function crcBytes(crc: number, buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ buf[i]) & 0xff];
  return crc;
}

/** The 4 little-endian bytes of a 32-bit length. */
export function crcInt32(crc: number, n: number): number {
  crc = TABLE[(crc ^ n) & 0xff];
  crc = TABLE[(crc ^ (n >>> 8)) & 0xff];
  crc = TABLE[(crc ^ (n >>> 16)) & 0xff];
  return TABLE[(crc ^ (n >>> 24)) & 0xff];
}

/** A latin1/ASCII string, byte per character (column names are ASCII). */
export function crcAscii(crc: number, s: string): number {
  for (let i = 0; i < s.length; i++) crc = TABLE[(crc ^ s.charCodeAt(i)) & 0xff];
  return crc;
}
