#!/usr/bin/env node
// `pnpm demo [industry] [region] [objective]`: submits a sample request to the
// running API, shows the job's progress, then prints the three event plans.
const base = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '8083'}`;
const [industry = '음식점', region = '강남구', objective = '신규 고객 유치'] = process.argv.slice(2);
const request = {
  eventId: `DEMO-${Date.now()}`,
  objective,
  industry,
  region,
  storeInfo: { storeName: '데모 가게', storeSize: '중형', monthlyRevenue: 30_000_000, budget: { min: 200_000, max: 5_000_000 } },
};

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    console.error(`cannot reach the API at ${base}: is \`pnpm start\` running?`);
    process.exit(1);
  }
  return { status: response.status, body: await response.json() };
}

const submitted = await call('POST', '/internal/jobs', request);
if (submitted.status !== 202) {
  console.error(`request refused (${submitted.status}): ${submitted.body.message}`);
  process.exit(1);
}
const { jobId } = submitted.body;
console.log(`job ${jobId} for event ${request.eventId}: ${industry} / ${region} / ${objective}`);

const bar = (progress) => `[${'#'.repeat(Math.round(progress / 5)).padEnd(20, '.')}] ${String(progress).padStart(3)}%`;
const deadline = Date.now() + 60_000;
let status;
for (;;) {
  const r = await call('GET', `/internal/jobs/${jobId}/status`);
  if (r.status === 200) {
    status = r.body;
    process.stdout.write(`\r${bar(status.progress)} ${status.status.padEnd(10)} ${status.message}`.padEnd(80));
    if (status.status === 'COMPLETED' || status.status === 'FAILED') break;
  }
  if (Date.now() > deadline) { console.error('\nno result after 60 s'); process.exit(1); }
  await new Promise((r) => setTimeout(r, 150));
}
process.stdout.write('\n\n');
if (status.status === 'FAILED') {
  console.error(`job failed: ${status.error}`);
  process.exit(1);
}

const { body: result } = await call('GET', `/internal/recommendations/${request.eventId}`);
const won = (n) => `${n.toLocaleString('ko-KR')}원`;
const t = result.trendAnalysis;
const g = result.generation;
if (g) {
  const u = g.usage;
  const calls = g.calls.map((c) => `${c.purpose === 'TREND_ANALYSIS' ? '트렌드' : '추천안'} ${c.provider}/${c.model} ${c.ms} ms` + (c.fellBackFrom ? ` (대체: ${c.fellBackFrom.map((f) => `${f.provider} ${f.reason}`).join('; ')})` : '')).join(', ');
  console.log(`생성      ${result.aiProvider} · 모델 ${g.model} · 트렌드 ${g.trendCacheHit ? '캐시 사용' : '새로 분석'}`);
  console.log(`토큰      입력 ${u.inputTokens}, 출력 ${u.outputTokens}, 캐시 읽기 ${u.cacheReadTokens}, 캐시 쓰기 ${u.cacheWriteTokens} · 예상 비용 $${g.costUsd.toFixed(6)}`);
  console.log(`호출      ${calls}\n`);
}
console.log(`트렌드 (${t.season}, ${t.aiProvider}): ${[...t.industryTrends, ...t.regionalTrends, ...t.seasonalTrends].slice(0, 6).map((x) => x.keyword).join(', ')}\n`);
for (const r of result.recommendations) {
  console.log(`옵션 ${r.optionNumber}. ${r.title}`);
  console.log(`   컨셉      ${r.concept}`);
  console.log(`   방식      ${r.mechanics.type}: ${r.mechanics.details}`);
  console.log(`   기간      ${r.duration.recommendedPeriod}`);
  console.log(`   예상 비용  ${won(r.estimatedCost.min)} ~ ${won(r.estimatedCost.max)}`);
  console.log(`   채널      ${r.promotionChannels.join(', ')}`);
  console.log(`   기대 효과  신규 고객 ${r.expectedMetrics.newCustomers.min}~${r.expectedMetrics.newCustomers.max}명, 매출 +${r.expectedMetrics.revenueIncrease.min}~${r.expectedMetrics.revenueIncrease.max}%, ROI ${r.expectedMetrics.roi.min}~${r.expectedMetrics.roi.max}%`);
  console.log(`   차별점    ${r.differentiator}\n`);
}
