import { describe, expect, it } from 'vitest';
import { normaliseJobRequest, parseJobRequestMessage } from './request.js';

const canonical = {
  jobId: 'JOB-AI-20261124-0001',
  eventId: 'EVT-1001',
  objective: '신규 고객 유치',
  industry: '음식점',
  region: '강남구',
  storeInfo: { storeName: '맛있는 식당', storeSize: '중형', description: '한식 전문점', monthlyRevenue: 30_000_000, budget: { min: 500_000, max: 3_000_000 } },
  season: '겨울',
  requestedAt: '2026-11-24T09:00:00+09:00',
};

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const winter = () => new Date('2026-01-15T00:00:00Z');

describe('normaliseJobRequest', () => {
  it('accepts the SPEC canonical camelCase example unchanged', () => {
    const result = normaliseJobRequest(canonical);
    expect(result).toEqual({ ok: true, request: canonical });
  });

  it('maps the snake_case shape onto the canonical one', () => {
    const result = normaliseJobRequest({
      job_id: '3f1c2a4e-1111-4a5b-9c2d-0123456789ab',
      event_id: 'evt_42',
      user_id: 'user-7',
      store_name: '성수 카페',
      store_category: '카페',
      store_description: '스페셜티 커피',
      objective: '재방문 유도',
      region: '서울 성동구',
      requested_at: '2026-07-01T12:00:00Z',
    });
    expect(result).toEqual({
      ok: true,
      request: {
        jobId: '3f1c2a4e-1111-4a5b-9c2d-0123456789ab',
        eventId: 'evt_42',
        objective: '재방문 유도',
        industry: '카페',
        region: '서울 성동구',
        storeInfo: { storeName: '성수 카페', description: '스페셜티 커피' },
        requestedAt: '2026-07-01T12:00:00Z',
        season: '여름',
      },
    });
  });

  it('accepts eventDraftId as an alias of eventId', () => {
    const { eventId: _omit, ...rest } = canonical;
    const result = normaliseJobRequest({ ...rest, eventDraftId: 'DRAFT-9' });
    expect(result.ok && result.request.eventId).toBe('DRAFT-9');
  });

  it('trims and NFC-normalises text', () => {
    const decomposed = '카페'.normalize('NFD');
    expect(decomposed).not.toBe('카페');
    const result = normaliseJobRequest({ ...canonical, industry: `  ${decomposed}\t`, objective: ' 매출 증대 ' });
    expect(result.ok && [result.request.industry, result.request.objective]).toEqual(['카페', '매출 증대']);
  });

  it('derives the season from requestedAt in KST, else from now', () => {
    const { season: _s, ...noSeason } = canonical;
    // 2026-02-28T20:00Z is already 1 March in Korea: spring.
    const spring = normaliseJobRequest({ ...noSeason, requestedAt: '2026-02-28T20:00:00Z' });
    expect(spring.ok && spring.request.season).toBe('봄');
    const { requestedAt: _r, ...noDate } = noSeason;
    const now = normaliseJobRequest(noDate, winter);
    expect(now.ok && now.request.season).toBe('겨울');
  });

  it.each([
    ['industry with a colon', { industry: '음식:점' }, '/industry'],
    ['region with a control character', { region: '강남\u0007구' }, '/region'],
    ['industry longer than 50', { industry: '가'.repeat(51) }, '/industry'],
    ['jobId with a space', { jobId: 'JOB 1' }, '/jobId'],
    ['jobId over 100 chars', { jobId: 'a'.repeat(101) }, '/jobId'],
    ['missing objective', { objective: undefined }, 'objective'],
    ['blank region after trimming', { region: '   ' }, '/region'],
    ['non-integer revenue', { storeInfo: { monthlyRevenue: 1.5 } }, '/storeInfo/monthlyRevenue'],
    ['budget min above max', { storeInfo: { budget: { min: 10, max: 5 } } }, '/storeInfo/budget'],
    ['bad requestedAt', { requestedAt: 'yesterday' }, '/requestedAt'],
  ])('rejects %s with a reason naming the field', (_label, patch, field) => {
    const result = normaliseJobRequest({ ...canonical, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('INVALID_MESSAGE');
      expect(result.reason).toContain(field);
    }
  });

  it('rejects a deeply nested value without recursing into it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const result = normaliseJobRequest({ ...canonical, storeInfo: { budget: deep } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
    expect(!result.ok && result.reason).toContain('/storeInfo/budget');
  });

  it('rejects a JSON value that is not an object', () => {
    expect(normaliseJobRequest([canonical])).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });
});

describe('parseJobRequestMessage', () => {
  it('decodes UTF-8 JSON bytes', () => {
    expect(parseJobRequestMessage(bytes(canonical), 1024 * 1024)).toEqual({ ok: true, request: canonical });
  });
  it('names INVALID_JSON for bytes that are not JSON', () => {
    expect(parseJobRequestMessage(bytes('{"jobId": '), 1024)).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  });
  it('names INVALID_JSON for invalid UTF-8', () => {
    expect(parseJobRequestMessage(Buffer.from([0x7b, 0xff, 0x7d]), 1024)).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  });
  it('names TOO_LARGE before parsing', () => {
    const result = parseJobRequestMessage(bytes(canonical), 100);
    expect(result).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(!result.ok && result.reason).toMatch(/limit is 100/);
  });
  it('rejects an empty value', () => {
    expect(parseJobRequestMessage(null, 1024)).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });
});
