// The RULE_BASED provider's Korean copy: titles, concepts, descriptions,
// mechanics details and periods, written from the plan model's context.
import type { MechanicsType } from '@aisvc/contracts';
import { MECHANICS } from './knowledge.js';
import type { Context, Tier } from './plan-model.js';
import { fill, formatKrw, josa, pick } from './text.js';

const TIER_NOTES = [
  '적은 비용으로 빠르게 시작해 반응을 확인하는 실속형 안입니다.',
  '홍보 채널을 넓혀 효과와 비용의 균형을 맞춘 표준형 안입니다.',
  '혜택과 홍보를 모두 키워 짧은 기간에 확실한 성과를 노리는 집중형 안입니다.',
] as const;

export function seasonWord(ctx: Context): string {
  return ctx.season.id === 'NEUTRAL' ? '이번 시즌' : `${ctx.season.id} 시즌`;
}

export function titleOf(ctx: Context, tier: Tier, type: MechanicsType): string {
  const template = pick(MECHANICS[type].titles, `${ctx.seed}\u0001title\u0001${tier}`) ?? '{hook} 이벤트';
  const body = fill(template, {
    hook: ctx.objective.hook,
    gift: ctx.industry.gift,
    smallReward: ctx.industry.smallReward,
    experience: ctx.industry.experience,
    tag: ctx.tag,
  });
  const prefix = ctx.storeName ? `[${ctx.storeName}]` : `${ctx.region.shortName} ${ctx.request.industry.trim()}`;
  return `${prefix} ${ctx.season.hook} ${body}`;
}

/** Each option leans on a different trend: industry, season, region. */
export function conceptOf(ctx: Context, tier: Tier, label: string): string {
  const { industry, season, region } = ctx.keywords;
  const lead = [`'${industry}' 트렌드를 살린`, `${seasonWord(ctx)} '${season}' 맞춤`, `${ctx.region.shortName} '${region}' 맞춤`][tier];
  return `${lead} ${josa(label, '으로')} ${ctx.objective.goal}`;
}

export function descriptionOf(ctx: Context, tier: Tier, type: MechanicsType, channels: readonly string[]): string {
  const { industry, season, region } = ctx.keywords;
  const intro =
    `${josa(ctx.request.region.trim(), '의')} '${region}' 흐름과 ${ctx.industry.label} 업계의 '${industry}' 트렌드, ` +
    `${seasonWord(ctx)} '${season}' 수요를 함께 겨냥한 ${eventName(MECHANICS[type].label)}입니다.`;
  const goal = `목표는 ${ctx.objective.label}이며, ${focusOf(ctx)} 데 초점을 둡니다.`;
  const promotion = `${josa(channels.join('·'), '으로')} 알리고, ${TIER_NOTES[tier]}`;
  return [intro, goal, promotion].join(' ');
}

function eventName(label: string): string {
  return label.endsWith('이벤트') ? label : `${label} 이벤트`;
}

export function focusOf(ctx: Context): string {
  const { brand, industry } = ctx;
  const audience = ctx.region.area.audience;
  switch (ctx.objective.id) {
    case 'NEW_CUSTOMERS':
      return `${josa(brand, '을')} ${audience}에게 처음 알리고 첫 방문으로 이어지게 하는`;
    case 'REVISIT':
      return `한 번 방문한 ${josa(industry.customer, '이')} 다시 찾아올 이유를 만들어 단골로 만드는`;
    case 'SALES':
      return '방문당 결제 금액과 방문 빈도를 함께 높이는';
    case 'AWARENESS':
      return `${josa(brand, '을')} ${audience}에게 널리 알리고 검색·SNS 노출을 늘리는`;
    case 'BALANCED':
      return `새로운 ${industry.customer}의 방문과 기존 ${industry.customer}의 재방문을 함께 늘리는`;
  }
}

export function audienceOf(ctx: Context): string {
  const { audience } = ctx.region.area;
  const customer = ctx.industry.customer;
  switch (ctx.objective.id) {
    case 'NEW_CUSTOMERS':
      return `${audience} 중 아직 ${josa(ctx.brand, '을')} 방문하지 않은 잠재 고객`;
    case 'REVISIT':
      return `최근 1~3개월 안에 방문한 기존 ${josa(customer, '과')} ${audience}`;
    case 'SALES':
      return `${audience} 중 2인 이상 방문하거나 추가 구매 가능성이 높은 ${customer}`;
    case 'AWARENESS':
      return `SNS 활동이 활발한 20~30대와 ${audience}`;
    case 'BALANCED':
      return `${josa(audience, '와')} 기존 ${customer}`;
  }
}

const DISCOUNT_PERCENT = [10, 15, 20] as const;
const STAMPS_NEEDED = [10, 8, 6] as const;
const GIFT_QUANTITY = [30, 50, 100] as const;
const SNS_WINNERS = [3, 5, 10] as const;
const SEATS_PER_SESSION = [6, 8, 12] as const;
const SPEND_MULTIPLE = [1.5, 2, 3] as const;

export function detailsOf(ctx: Context, tier: Tier, type: MechanicsType, days: number, channels: readonly string[]): string {
  const { industry, objective } = ctx;
  const step = industry.avgTicket * SPEND_MULTIPLE[tier] >= 10_000 ? 5_000 : 1_000;
  const threshold = formatKrw(Math.max(step, Math.round((industry.avgTicket * SPEND_MULTIPLE[tier]) / step) * step));
  const customer = industry.customer;
  switch (type) {
    case 'COUPON': {
      const who = {
        NEW_CUSTOMERS: `첫 방문 ${customer}`,
        REVISIT: `다시 방문한 ${customer}`,
        SALES: `2인 이상 방문하거나 ${threshold} 이상 결제한 ${customer}`,
        AWARENESS: `카카오톡 채널을 추가한 ${customer}`,
        BALANCED: `방문 ${customer}`,
      }[objective.id];
      return (
        `${who}에게 ${industry.hero} ${DISCOUNT_PERCENT[tier]}% 할인 쿠폰(1인 1매)을 드립니다. ` +
        `네이버 플레이스 저장이나 카카오톡 채널 추가 후 바로 받을 수 있고, 사용 기간은 이벤트 기간(${days}일)과 같습니다.`
      );
    }
    case 'DISCOUNT':
      return (
        `${josa(industry.discountScope, '을')} ${DISCOUNT_PERCENT[tier]}% 할인합니다. ` +
        '할인 조건은 매장 POP와 네이버 플레이스 소식으로 미리 알리고, 1인 1회로 제한해 비용을 관리합니다.'
      );
    case 'GIFT':
      return (
        `이벤트 기간 ${threshold} 이상 결제한 ${customer}에게 ${josa(industry.gift, '을')} 드립니다(선착순 ${GIFT_QUANTITY[tier]}명, 1인 1회). ` +
        '증정품이 소진되면 카카오톡 채널과 매장 POP로 바로 안내합니다.'
      );
    case 'STAMP': {
      const reward = tier === 2 ? industry.bigReward : industry.smallReward;
      return (
        `방문 1회마다 카카오톡 채널 디지털 스탬프 1개를 적립하고, ${STAMPS_NEEDED[tier]}개를 모으면 ${josa(reward, '을')} 드립니다. ` +
        '이벤트 기간의 첫 적립 때 스탬프 1개를 더 드려 참여를 이끕니다.'
      );
    }
    case 'LOTTERY':
      return (
        `${threshold} 이상 결제한 ${customer}에게 즉석 추첨 기회를 드립니다. ` +
        `1등 ${industry.bigReward}, 2등 ${industry.gift}, 참가상 ${josa(industry.smallReward, '으로')} 구성하고, 경품 수량과 당첨 확률은 매장에 미리 게시합니다.`
      );
    case 'SNS_EVENT':
      return (
        `매장 방문 사진이나 영상을 인스타그램에 #${ctx.tag} 해시태그와 함께 올리면 ${josa(industry.smallReward, '을')} 드립니다. ` +
        `기간이 끝나면 참여 게시물 중 ${SNS_WINNERS[tier]}명을 골라 ${josa(industry.bigReward, '을')} 추가로 드립니다.`
      );
    case 'REVIEW_EVENT': {
      const where = channels.includes('배달앱') ? '네이버 플레이스·배달앱' : '네이버 플레이스';
      return (
        `${where} 리뷰를 남긴 ${customer}에게 ${josa(industry.smallReward, '을')} 드립니다. ` +
        '사진 리뷰에는 작은 혜택을 더하되, 평점이나 칭찬을 조건으로 하지 않아 솔직한 후기를 모읍니다.'
      );
    }
    case 'EXPERIENCE':
      return (
        `${josa(industry.experience, '을')} 주말 ${days / 2}회(토·일, 총 ${days}일) 운영합니다. ` +
        `회당 ${SEATS_PER_SESSION[tier]}명 사전 예약제로 진행하고, 참가자에게 ${josa(industry.gift, '과')} 다음 방문 때 쓸 수 있는 쿠폰을 드립니다.`
      );
  }
}

export function differentiatorOf(ctx: Context, tier: Tier, type: MechanicsType): string {
  const { area, shortName } = ctx.region;
  const keyword = [ctx.keywords.industry, ctx.keywords.season, ctx.keywords.region][tier];
  return (
    `${MECHANICS[type].edge}, ${josa(shortName, '의')} ${area.label} 특성을 고려한 ${josa(area.edge, '이')} 강점입니다. ` +
    `'${keyword}' 흐름을 반영해 ${ctx.brand}만의 ${seasonWord(ctx)} 이벤트로 기억되게 합니다.`
  );
}

// ------------------------------------------------------------------ duration

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const PREPARATION_DAYS = 7;

/**
 * Dates from `requestedAt` (in KST) after a week of preparation; without it, a
 * relative description, so the plan never depends on when it was generated.
 */
export function periodOf(requestedAt: string | undefined, days: number, weekends: boolean): string {
  const requested = requestedAt ? new Date(requestedAt) : undefined;
  if (!requested || Number.isNaN(requested.getTime())) {
    if (weekends) return `요청일로부터 ${PREPARATION_DAYS}일 준비 후 주말 ${days / 2}회 (${days}일)`;
    const span = days % 7 === 0 ? `${days / 7}주` : `${days}일`;
    return `요청일로부터 ${PREPARATION_DAYS}일 준비 후 ${span}간 진행 (${days}일)`;
  }
  // Shifted so the UTC getters read the KST calendar date.
  let start = new Date(Date.UTC(...kstYmd(requested)) + PREPARATION_DAYS * DAY_MS);
  if (weekends) {
    start = new Date(start.getTime() + ((6 - start.getUTCDay() + 7) % 7) * DAY_MS); // next Saturday
    const lastSunday = new Date(start.getTime() + ((days / 2 - 1) * 7 + 1) * DAY_MS);
    return `${dateRange(start, lastSunday)} 중 주말 ${days / 2}회 (${days}일)`;
  }
  return dateRange(start, new Date(start.getTime() + (days - 1) * DAY_MS));
}

function kstYmd(date: Date): [number, number, number] {
  const kst = new Date(date.getTime() + KST_OFFSET_MS);
  return [kst.getUTCFullYear(), kst.getUTCMonth(), kst.getUTCDate()];
}

function dateRange(from: Date, to: Date): string {
  const full = (d: Date) => `${d.getUTCFullYear()}년 ${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일`;
  const end = from.getUTCFullYear() === to.getUTCFullYear() ? `${to.getUTCMonth() + 1}월 ${to.getUTCDate()}일` : full(to);
  return `${full(from)} ~ ${end}`;
}
