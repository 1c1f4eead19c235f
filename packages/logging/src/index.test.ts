import { describe, expect, it } from 'vitest';
import { createLogger } from './index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>); } } };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a level label and an ISO time', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'worker', destination }).child({ jobId: 'JOB-1' }).info('job started');
    expect(lines[0]).toMatchObject({ service: 'worker', level: 'info', msg: 'job started', jobId: 'JOB-1' });
    expect(String(lines[0]?.['time'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('never prints credentials', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'api', destination }).warn({ apiKey: 'sk-secret', options: { password: 'p4ss' } }, 'x');
    expect(JSON.stringify(lines[0])).not.toMatch(/sk-secret|p4ss/);
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'api', level: 'warn', destination });
    logger.info('hidden');
    logger.error('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
