import { promisify } from 'node:util';
import { gzip, unzip, zstdCompress, zstdDecompress } from 'node:zlib';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { compressFrame, decompressFrame } from 'lz4-napi';
import { compress as snappyCompress, uncompress as snappyUncompress } from 'snappy';

/**
 * Every compression codec Kafka defines, read and written by every client this package
 * creates. kafkajs decodes only gzip by itself and throws on the others, so one producer
 * switching to `compression.type=lz4` would stop the bridge. The codecs:
 *   gzip    node:zlib
 *   snappy  `snappy` (napi-rs, prebuilt binaries, maintained), plus the xerial framing that
 *           Java clients write around snappy blocks (kafkajs-snappy is unmaintained since 2020)
 *   lz4     `lz4-napi` (prebuilt binaries): Kafka record batches use the LZ4 frame format
 *           (kafkajs-lz4 needs the unmaintained native `lz4` 0.6, which no longer builds)
 *   zstd    node:zlib (built into Node ≥ 22.15: no native dependency at all)
 */
export const COMPRESSION_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionCodec = (typeof COMPRESSION_CODECS)[number];

/** Kafka's codec ids (the low 3 bits of a record batch's attributes). */
export const CODEC_IDS: Record<CompressionCodec, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** `snappy`, or `unknown codec 5` for an id no Kafka version defines yet. */
export const codecName = (id: number): string => COMPRESSION_CODECS[id] ?? `unknown codec ${id}`;

/**
 * A batch's compressed bytes did not decode. Names the codec; the cause says why.
 * `retriable: false` tells kafkajs not to fetch the same bytes again in vain.
 */
export class CorruptBatchError extends Error {
  override readonly name = 'CorruptBatchError';
  readonly retriable = false;
}

/** A batch uses a codec id this client does not know (a future Kafka codec). */
export class UnknownCodecError extends Error {
  override readonly name = 'UnknownCodecError';
  readonly retriable = false;
}

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);
const zstdCompressAsync = promisify(zstdCompress);
const zstdDecompressAsync = promisify(zstdDecompress);

// Java's snappy-java framing: magic, version 1, compatible version 1, then
// [int32 big-endian length][snappy block] chunks. Java writes 32 KiB blocks.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
const XERIAL_BLOCK_BYTES = 32 * 1024;

function xerialChunks(framed: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < framed.length) {
    if (at + 4 > framed.length) throw new Error(`xerial frame truncated at byte ${at}`);
    const size = framed.readUInt32BE(at);
    at += 4;
    if (at + size > framed.length) throw new Error(`xerial chunk of ${size} bytes at byte ${at} runs past the end (${framed.length})`);
    chunks.push(framed.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

export async function snappyDecode(data: Buffer): Promise<Buffer> {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return toBuffer(await snappyUncompress(data));
  }
  const blocks = await Promise.all(xerialChunks(data).map(async (chunk) => toBuffer(await snappyUncompress(chunk))));
  return Buffer.concat(blocks);
}

/** Written with the xerial framing, as Java producers do, so every consumer reads it. */
export async function snappyEncode(data: Buffer): Promise<Buffer> {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_BYTES) {
    const block = await snappyCompress(data.subarray(at, at + XERIAL_BLOCK_BYTES));
    const size = Buffer.alloc(4);
    size.writeUInt32BE(block.length);
    parts.push(size, block);
  }
  return Buffer.concat(parts);
}

const toBuffer = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value) : value);

type CompressedCodec = Exclude<CompressionCodec, 'none'>;

interface Codec {
  compress(data: Buffer): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

const codecs: Record<CompressedCodec, Codec> = {
  gzip: { compress: (data) => gzipAsync(data), decompress: (data) => unzipAsync(data) },
  snappy: { compress: snappyEncode, decompress: snappyDecode },
  lz4: { compress: (data) => compressFrame(data), decompress: (data) => decompressFrame(data) },
  zstd: { compress: (data) => zstdCompressAsync(data), decompress: (data) => zstdDecompressAsync(data) },
};

/**
 * Decompresses the records of a batch compressed with codec `id`, as a consumer would:
 * throws UnknownCodecError or CorruptBatchError (used by kafkajs and by the batch inspector).
 */
export async function decompressRecords(id: number, data: Buffer): Promise<Buffer> {
  const name = codecName(id);
  if (name === 'none') return data;
  if (!isCompressedCodec(name)) throw new UnknownCodecError(`the batch uses compression codec id ${id}, which this client does not know`);
  try {
    return await codecs[name].decompress(data);
  } catch (error) {
    throw new CorruptBatchError(`${name} decompression failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const isCompressedCodec = (name: string): name is CompressedCodec => name in codecs;

export async function compressRecords(name: CompressedCodec, data: Buffer): Promise<Buffer> {
  return codecs[name].compress(data);
}

// Not a named export under Node's ESM loader (kafkajs is CommonJS and builds the name from a
// member expression, which Node's export detection does not follow): read from the module.
const { CompressionCodecs } = kafkajs;

let registered = false;

/**
 * Registers the codecs with kafkajs (its registry is process-wide). Idempotent; called by
 * createKafkaMessaging, so every consumer and publisher of this package has them.
 */
export function registerKafkaCodecs(): void {
  if (registered) return;
  registered = true;
  const kafkajsCodec = (name: CompressedCodec) => () => ({
    compress: (encoder: { buffer: Buffer }) => compressRecords(name, encoder.buffer),
    decompress: (data: Buffer) => decompressRecords(CODEC_IDS[name], data),
  });
  CompressionCodecs[CompressionTypes.GZIP] = kafkajsCodec('gzip');
  CompressionCodecs[CompressionTypes.Snappy] = kafkajsCodec('snappy');
  CompressionCodecs[CompressionTypes.LZ4] = kafkajsCodec('lz4');
  CompressionCodecs[CompressionTypes.ZSTD] = kafkajsCodec('zstd');
  // Ids 5–7 are not defined by Kafka yet. Without an entry kafkajs would parse such a
  // batch as uncompressed records, i.e. decode garbage: fail clearly instead.
  const unknown = (id: number) => () => {
    throw new UnknownCodecError(`a record batch uses compression codec id ${id}, which this client does not know`);
  };
  Object.assign(CompressionCodecs, { 5: unknown(5), 6: unknown(6), 7: unknown(7) });
}

/** kafkajs's compression type for a codec name (the publisher's setting). */
export function kafkajsCompression(name: CompressionCodec): CompressionTypes {
  return {
    none: CompressionTypes.None,
    gzip: CompressionTypes.GZIP,
    snappy: CompressionTypes.Snappy,
    lz4: CompressionTypes.LZ4,
    zstd: CompressionTypes.ZSTD,
  }[name];
}
