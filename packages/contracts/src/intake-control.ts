import { Type, type Static } from 'typebox';

/**
 * Redis values with which the kafka-bridge reports a record batch it cannot read, and an
 * operator approves skipping it (README: "A batch the bridge cannot read").
 */

const Offset = Type.String({ pattern: '^[0-9]+$', description: 'Kafka offset (64-bit, decimal).' });
const Coordinates = {
  topic: Type.String({ minLength: 1 }),
  partition: Type.Integer({ minimum: 0 }),
  firstOffset: Offset,
};

/** A batch a bridge holds paused, as it reports it (refreshed while it holds it). */
export const UnreadableBatchReport = Type.Object({
  ...Coordinates,
  lastOffset: Offset,
  compression: Type.String({ description: 'Codec of the batch as Kafka names it, or "unknown codec N".' }),
  sizeBytes: Type.Integer({ minimum: 0 }),
  reason: Type.String({ description: 'Why it cannot be decoded.' }),
  holder: Type.String({ description: 'The bridge process holding the partition paused (host/pid).' }),
  detectedAt: Type.String({ format: 'date-time' }),
  reportedAt: Type.String({ format: 'date-time', description: 'Last refresh by the holder; an old one means nobody holds it now.' }),
});
export type UnreadableBatchReport = Static<typeof UnreadableBatchReport>;

/** An operator's approval to skip the batch that starts at firstOffset (and only that one). */
export const BatchSkipRequest = Type.Object({
  ...Coordinates,
  requestedAt: Type.String({ format: 'date-time' }),
});
export type BatchSkipRequest = Static<typeof BatchSkipRequest>;

/** What the bridge did on an approval: dead-lettered the coordinates and committed past the batch. */
export const BatchSkipResult = Type.Object({
  ...Coordinates,
  lastOffset: Offset,
  deadLetterTopic: Type.String(),
  holder: Type.String(),
  skippedAt: Type.String({ format: 'date-time' }),
});
export type BatchSkipResult = Static<typeof BatchSkipResult>;
