import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compress as rawSnappy } from 'snappy';
import { COMPRESSION_CODECS, compressRecords, CorruptBatchError, decompressRecords, snappyDecode, snappyEncode, UnknownCodecError } from './compression.js';

// Compressible, but not trivially: JSON-ish text with some noise, > 2 snappy blocks of 32 KiB.
const payload = Buffer.from(
  Array.from({ length: 2_000 }, (_, i) => `{"jobId":"JOB-${i}","industry":"카페","noise":"${randomBytes(4).toString('hex')}"}`).join('\n'),
);

describe('compression codecs', () => {
  it.each(COMPRESSION_CODECS.filter((c) => c !== 'none'))('%s round-trips and really compresses', async (codec) => {
    const packed = await compressRecords(codec, payload);
    expect(packed.length).toBeLessThan(payload.length / 2);
    expect((await decompressRecords(COMPRESSION_CODECS.indexOf(codec), packed)).equals(payload)).toBe(true);
  });

  it('snappy: writes the xerial framing Java clients expect, in 32 KiB blocks, and reads raw blocks too', async () => {
    const framed = await snappyEncode(payload);
    expect(framed.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
    expect([framed.readInt32BE(8), framed.readInt32BE(12)]).toEqual([1, 1]); // version, compatible version
    expect(payload.length).toBeGreaterThan(64 * 1024); // so there are several chunks
    expect((await snappyDecode(framed)).equals(payload)).toBe(true);
    expect((await snappyDecode(await rawSnappy(payload))).equals(payload)).toBe(true);
  });

  it('a truncated xerial frame is a CorruptBatchError naming the codec, not a crash', async () => {
    const framed = await snappyEncode(payload);
    const error = await decompressRecords(2, framed.subarray(0, framed.length - 10)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptBatchError);
    expect(String(error)).toMatch(/snappy decompression failed: xerial chunk of \d+ bytes/);
  });

  it.each([
    ['gzip', 1],
    ['lz4', 3],
    ['zstd', 4],
  ] as const)('%s: garbage is a CorruptBatchError', async (name, id) => {
    await expect(decompressRecords(id, randomBytes(64))).rejects.toThrow(new RegExp(`^${name} decompression failed`));
    await expect(decompressRecords(id, randomBytes(64))).rejects.toBeInstanceOf(CorruptBatchError);
  });

  it('codec ids Kafka does not define are an UnknownCodecError', async () => {
    for (const id of [5, 6, 7]) {
      await expect(decompressRecords(id, payload)).rejects.toBeInstanceOf(UnknownCodecError);
    }
    await expect(decompressRecords(5, payload)).rejects.toThrow('compression codec id 5');
  });
});
