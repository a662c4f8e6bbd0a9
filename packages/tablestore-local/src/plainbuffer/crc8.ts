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
