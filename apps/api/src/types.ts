import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Queue } from 'bullmq';
import type { SubmitJobBody } from '@aisvc/contracts';
import type { SubmitOutcome } from '@aisvc/intake';
import type { UnreadableBatchReport } from '@aisvc/contracts';
import type { AiStore } from '@aisvc/store';

/** Everything the routes need, as interfaces: tests and wiring pass real implementations. */
export interface ApiDeps {
  store: AiStore;
  /** Submits a request onto the request topic (see @aisvc/intake's createRequestSubmitter). */
  submit: (body: SubmitJobBody) => Promise<SubmitOutcome>;
  /** Round trips to the dependencies, for /health. */
  health: {
    redis: () => Promise<void>;
    kafka: () => Promise<void>;
    /** Record batches the bridges report they cannot read (their partitions are paused). */
    unreadableBatches: () => Promise<UnreadableBatchReport[]>;
  };
  /** The queue shown in Bull Board, with the operator credentials; absent → no dashboard. */
  dashboard?: { queue: Queue; user: string; password: string };
}

/** The app as the routes see it: Fastify with TypeBox-typed routes. */
export type ApiInstance = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

