import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testServices } from './helpers.js';

/**
 * Damage to a record batch as stored by the broker, for tests of what a consumer does with a
 * batch it cannot read. A broker validates batches when they are produced, so such a batch
 * cannot be produced; it can only be damaged where it lies. Brokers do not check batches
 * when they serve them, so consumers then fetch the damaged bytes, as they would after a
 * disk fault or from a broker that knows a codec the client does not.
 *
 * Only possible with the broker scripts/services.sh started (its data folder is known).
 */

const kafkaDir = fileURLToPath(new URL('../../../.services/kafka/', import.meta.url));

/** True when the tests' broker is the one scripts/services.sh started here (its files are reachable). */
export function brokerFilesReachable(): boolean {
  const addr = join(kafkaDir, 'addr');
  return existsSync(addr) && readFileSync(addr, 'utf8').trim() === testServices.kafkaBrokers[0];
}

const BATCH_HEADER_BYTES = 61;

export type BatchDamage =
  /** Sets the codec bits of the batch's attributes to an id no Kafka defines (5–7). */
  | { kind: 'unknown-codec'; codecId: 5 | 6 | 7 }
  /** Overwrites the first bytes of the compressed records (a codec's magic number): they no longer decompress. */
  | { kind: 'garble-compressed' };

/** Damages the stored batch of `topic`/`partition` that starts at `firstOffset`. */
export async function damageStoredBatch(topic: string, partition: number, firstOffset: number, damage: BatchDamage): Promise<void> {
  const dir = join(kafkaDir, 'data', `${topic}-${partition}`);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const file = await open(join(dir, name), 'r+');
    try {
      const { size } = await file.stat();
      const header = Buffer.alloc(BATCH_HEADER_BYTES);
      for (let at = 0; at + BATCH_HEADER_BYTES <= size; ) {
        await file.read(header, 0, BATCH_HEADER_BYTES, at);
        const baseOffset = Number(header.readBigInt64BE(0));
        const batchBytes = 12 + header.readInt32BE(8);
        if (baseOffset === firstOffset) {
          if (damage.kind === 'unknown-codec') {
            const attributes = (header.readInt16BE(21) & ~0x07) | damage.codecId;
            const patch = Buffer.alloc(2);
            patch.writeInt16BE(attributes);
            await file.write(patch, 0, 2, at + 21);
          } else {
            if ((header.readInt16BE(21) & 0x07) === 0) throw new Error(`the batch at ${topic}/${partition}@${firstOffset} is not compressed`);
            await file.write(Buffer.alloc(4, 0), 0, 4, at + BATCH_HEADER_BYTES);
          }
          return;
        }
        at += batchBytes;
      }
    } finally {
      await file.close();
    }
  }
  throw new Error(`no stored batch starts at ${topic}/${partition}@${firstOffset}`);
}
