import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { ErrorBody } from '@aisvc/contracts';
import type { ApiInstance } from './types.js';

export const BULL_BOARD_PATH = '/admin/queues';

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Mounts Bull Board at /admin/queues behind HTTP basic auth. */
export async function mountBullBoard(app: ApiInstance, queue: Queue, credentials: { user: string; password: string }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter });

  await app.register(async (scope) => {
    // The hook lives in this scope only: it guards the dashboard, not the API.
    scope.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const [scheme, encoded] = header.split(' ');
      const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':');
      if (scheme === 'Basic' && sameSecret(user ?? '', credentials.user) && sameSecret(rest.join(':'), credentials.password)) return;
      const body: ErrorBody = { code: 'UNAUTHORIZED', message: 'the queue dashboard needs the operator credentials' };
      await reply.code(401).header('www-authenticate', 'Basic realm="ai-service queues", charset="UTF-8"').send(body);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}
