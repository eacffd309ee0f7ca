import QRCode from 'qrcode';
import { inflateSync } from 'node:zlib';
import { qrPng } from './qr-png';

/** Reads back the 8-bit greyscale PNG qrPng writes (one IDAT, filter 0 on every row). */
function readPng(png: Buffer): { side: number; pixel: (x: number, y: number) => number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const side = png.readUInt32BE(16);
  expect(png.readUInt32BE(20)).toBe(side);
  expect([png[24], png[25]]).toEqual([8, 0]);
  const idatLength = png.readUInt32BE(33);
  expect(png.toString('latin1', 37, 41)).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  expect(raw.length).toBe((side + 1) * side);
  return { side, pixel: (x, y) => raw[y * (side + 1) + 1 + x] };
}

describe('qrPng', () => {
  it('draws exactly the modules of the QR code, 4 px each, inside a 2-module quiet zone', () => {
    const url = 'https://gongshi.example.cn/public/verify/3f1c2a9e-6b7d-4c1e-9a52-0d8e7b6a1c01';
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const { side, pixel } = readPng(qrPng(url));
    expect(side).toBe((modules.size + 4) * 4);
    let dark = 0;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        const expected = modules.data[row * modules.size + col] ? 0 : 255;
        expect(pixel((col + 2) * 4 + 1, (row + 2) * 4 + 2)).toBe(expected);
        if (!expected) dark++;
      }
    }
    expect(dark).toBeGreaterThan(modules.size * 4);
    for (let i = 0; i < side; i++) expect([pixel(i, 0), pixel(0, i), pixel(side - 1, i)]).toEqual([255, 255, 255]);
  });
});
