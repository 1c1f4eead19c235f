import { Socket } from 'node:net';
import { codecName, decompressRecords } from './compression.js';
import type { UnreadableBatch } from './messaging.js';

/**
 * Finds the record batch a consumer cannot decode, with its exact coordinates.
 *
 * When kafkajs fails to decode a fetch response (a codec it does not know, corrupt
 * compressed bytes), the error names neither the partition nor the offset: the whole
 * response fails. This reads the partition itself with a plain Fetch request (v4, one
 * partition) and walks its record batches from the consumer's position, decoding each
 * the way kafkajs does (decompress, then every record's framing), until one fails.
 * Read-only: it joins no group and commits nothing.
 */

export interface InspectTarget {
  host: string;
  port: number;
  clientId: string;
  topic: string;
  partition: number;
  /** Where to start: the consumer's position (its committed offset). */
  fromOffset: bigint;
  /** Give up (null) after reading this many bytes without finding a bad batch. */
  maxScanBytes?: number;
  timeoutMs?: number;
}

const FETCH_API_KEY = 1;
const FETCH_VERSION = 4; // the oldest Fetch Kafka 4 still serves; returns v2 record batches as stored
const PARTITION_MAX_BYTES = 1024 * 1024;
const BATCH_HEADER_BYTES = 61;

/** One stored record batch, as a consumer would fetch it. */
export interface StoredBatch {
  firstOffset: string;
  lastOffset: string;
  /** The batch's codec as Kafka names it, or `unknown codec N`. */
  compression: string;
  sizeBytes: number;
  /** Why a consumer cannot decode it; null when it can. */
  problem: string | null;
}

/** The partition's record batches from `fromOffset` on, each checked the way kafkajs decodes it. */
export async function* scanBatches(target: InspectTarget): AsyncGenerator<StoredBatch> {
  const maxScanBytes = target.maxScanBytes ?? 256 * 1024 * 1024;
  let offset = target.fromOffset;
  let scanned = 0;
  const connection = await KafkaConnection.open(target.host, target.port, target.timeoutMs ?? 10_000);
  try {
    for (;;) {
      const { highWatermark, records } = await connection.fetch(target.clientId, target.topic, target.partition, offset);
      if (offset >= highWatermark || records.length === 0) return;
      let at = 0;
      let progressed = false;
      while (at + 12 <= records.length) {
        const baseOffset = records.readBigInt64BE(at);
        const size = 12 + records.readInt32BE(at + 8);
        if (at + size > records.length) break; // a partial batch at the end of the response
        const batch = records.subarray(at, at + size);
        at += size;
        const lastOffset = batch.length >= BATCH_HEADER_BYTES ? baseOffset + BigInt(batch.readInt32BE(23)) : baseOffset;
        if (lastOffset < offset) continue; // the response starts with the batch that holds `offset`
        yield {
          firstOffset: baseOffset.toString(),
          lastOffset: lastOffset.toString(),
          compression: batch.length >= BATCH_HEADER_BYTES ? codecName(batch.readInt16BE(21) & 0x07) : 'unknown',
          sizeBytes: size,
          problem: await batchProblem(batch),
        };
        offset = lastOffset + 1n;
        progressed = true;
      }
      scanned += at;
      if (!progressed || scanned >= maxScanBytes) return;
    }
  } finally {
    connection.close();
  }
}

/** Returns the first batch at or after `fromOffset` that cannot be decoded, or null. */
export async function findUnreadableBatch(target: InspectTarget): Promise<UnreadableBatch | null> {
  for await (const batch of scanBatches(target)) {
    if (batch.problem !== null) {
      const { problem, ...coordinates } = batch;
      return { topic: target.topic, partition: target.partition, ...coordinates, reason: problem };
    }
  }
  return null;
}

/** Why kafkajs could not decode this batch, or null when it can. */
async function batchProblem(batch: Buffer): Promise<string | null> {
  const magic = batch.readInt8(16);
  if (magic !== 2) return null; // legacy message sets: kafkajs has its own decoder, not judged here
  if (batch.length < BATCH_HEADER_BYTES) return `record batch of ${batch.length} bytes is shorter than its header`;
  const codec = batch.readInt16BE(21) & 0x07;
  const count = batch.readInt32BE(57);
  let records: Buffer;
  try {
    records = await decompressRecords(codec, batch.subarray(BATCH_HEADER_BYTES));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    walkRecords(records, count);
  } catch (error) {
    return `${codecName(codec)} batch decompressed, but its ${count} records do not parse: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** Walks `count` records (Kafka's varint-framed record format) and throws where one does not fit. */
function walkRecords(data: Buffer, count: number): void {
  const reader = new VarintReader(data);
  for (let i = 0; i < count; i++) {
    const length = reader.varint();
    const end = reader.at + length;
    if (length < 0 || end > data.length) throw new Error(`record ${i} of ${length} bytes runs past the end (${data.length})`);
    reader.skip(1); // attributes
    reader.varint(); // timestamp delta
    reader.varint(); // offset delta
    reader.bytes(); // key
    reader.bytes(); // value
    const headers = reader.varint();
    for (let h = 0; h < headers; h++) {
      reader.bytes();
      reader.bytes();
    }
    if (reader.at !== end) throw new Error(`record ${i} declares ${length} bytes but holds ${reader.at - (end - length)}`);
  }
}

class VarintReader {
  at = 0;
  constructor(private readonly data: Buffer) {}

  skip(n: number): void {
    if (this.at + n > this.data.length) throw new Error(`read past the end at byte ${this.at}`);
    this.at += n;
  }

  /** A zigzag varint (Kafka's varint and varlong; numbers beyond 2^53 lose precision, which a length never reaches). */
  varint(): number {
    let value = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.data[this.at];
      if (byte === undefined) throw new Error(`varint runs past the end at byte ${this.at}`);
      this.at++;
      value += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      factor *= 128;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.at}`);
  }

  /** Length-prefixed bytes; -1 is null. */
  bytes(): void {
    const length = this.varint();
    if (length >= 0) this.skip(length);
  }
}

/** One connection to one broker, speaking just enough of the protocol for a Fetch. */
class KafkaConnection {
  private buffered = Buffer.alloc(0);
  private waiting: { resolve: (frame: Buffer) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private correlationId = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.deliver();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the broker closed the connection')));
  }

  static open(host: string, port: number, timeoutMs: number): Promise<KafkaConnection> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        resolve(new KafkaConnection(socket, timeoutMs));
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  async fetch(clientId: string, topic: string, partition: number, offset: bigint): Promise<{ highWatermark: bigint; records: Buffer }> {
    const correlationId = ++this.correlationId;
    const client = Buffer.from(clientId);
    const name = Buffer.from(topic);
    const body = Buffer.alloc(4 + 2 + 2 + 4 + 2 + client.length + 4 + 4 + 4 + 4 + 1 + 4 + 2 + name.length + 4 + 4 + 8 + 4);
    let at = 4;
    at = body.writeInt16BE(FETCH_API_KEY, at);
    at = body.writeInt16BE(FETCH_VERSION, at);
    at = body.writeInt32BE(correlationId, at);
    at = body.writeInt16BE(client.length, at);
    at += client.copy(body, at);
    at = body.writeInt32BE(-1, at); // replica id: a consumer
    at = body.writeInt32BE(0, at); // max wait: answer at once
    at = body.writeInt32BE(1, at); // min bytes
    at = body.writeInt32BE(PARTITION_MAX_BYTES, at); // max bytes
    at = body.writeInt8(0, at); // read uncommitted: every batch, as stored
    at = body.writeInt32BE(1, at); // one topic
    at = body.writeInt16BE(name.length, at);
    at += name.copy(body, at);
    at = body.writeInt32BE(1, at); // one partition
    at = body.writeInt32BE(partition, at);
    at = body.writeBigInt64BE(offset, at);
    at = body.writeInt32BE(PARTITION_MAX_BYTES, at);
    body.writeInt32BE(at - 4, 0);

    const frame = await this.request(body);
    // correlation id, throttle time, [topic [partition error hw lso aborted records]]
    if (frame.readInt32BE(0) !== correlationId) throw new Error('the broker answered another request');
    let r = 8;
    r += 4; // one topic
    r += 2 + frame.readInt16BE(r);
    r += 4; // one partition
    r += 4; // partition index
    const errorCode = frame.readInt16BE(r);
    r += 2;
    if (errorCode !== 0) throw new Error(`the broker answered the fetch of ${topic}/${partition}@${offset} with error code ${errorCode}`);
    const highWatermark = frame.readBigInt64BE(r);
    r += 16; // high watermark, last stable offset
    const aborted = frame.readInt32BE(r);
    r += 4 + Math.max(aborted, 0) * 16;
    const size = frame.readInt32BE(r);
    r += 4;
    return { highWatermark, records: size > 0 ? frame.subarray(r, r + size) : Buffer.alloc(0) };
  }

  private request(message: Buffer): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no answer from the broker within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting = {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.socket.write(message);
      this.deliver();
    });
  }

  private deliver(): void {
    if (!this.waiting || this.buffered.length < 4) return;
    const size = this.buffered.readInt32BE(0);
    if (this.buffered.length < 4 + size) return;
    const frame = this.buffered.subarray(4, 4 + size);
    this.buffered = this.buffered.subarray(4 + size);
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(frame);
  }
}
