// Maps free-text request fields onto the knowledge tables. Every function has a
// fallback, so any input yields a usable profile.
import {
  AREAS,
  INDUSTRIES,
  KNOWN_REGIONS,
  OBJECTIVES,
  REGION_SUFFIX_AREAS,
  SEASON_PROFILES,
  STORE_SIZE_FACTORS,
  type AreaProfile,
  type AreaType,
  type IndustryProfile,
  type KnownRegion,
  type ObjectiveProfile,
  type SeasonProfile,
} from './knowledge.js';
import { matchText, termIndex } from './text.js';

function byId<T extends { readonly id: string }>(items: readonly T[], id: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`knowledge table has no entry ${id}`);
  return found;
}

const GENERIC_INDUSTRY = byId(INDUSTRIES, 'GENERIC');
const NEUTRAL_SEASON = byId(SEASON_PROFILES, 'NEUTRAL');
const BALANCED_OBJECTIVE = byId(OBJECTIVES, 'BALANCED');

/** The family with the most keyword hits; ties go to the keyword that comes first in the text. */
export function industryOf(industry: string): IndustryProfile {
  const target = matchText(industry);
  let best = GENERIC_INDUSTRY;
  let bestHits = 0;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const profile of INDUSTRIES) {
    const positions = [
      ...profile.keywords.map((k) => termIndex(target, k)),
      ...profile.words.map((w) => termIndex(target, w, true)),
    ].filter((at) => at >= 0);
    if (positions.length === 0) continue;
    const at = Math.min(...positions);
    if (positions.length > bestHits || (positions.length === bestHits && at < bestAt)) {
      best = profile;
      bestHits = positions.length;
      bestAt = at;
    }
  }
  return best;
}

export interface RegionMatch {
  readonly known: KnownRegion | undefined;
  readonly areaType: AreaType;
  readonly area: AreaProfile;
  /** Short name for titles: the known region, else the last word of the input. */
  readonly shortName: string;
}

export function regionOf(region: string): RegionMatch {
  const target = matchText(region);
  const lastWord = region.trim().split(/\s+/).pop() ?? region;
  const known = KNOWN_REGIONS.find(
    (r) => r.keys.some((k) => termIndex(target, k) >= 0) && !(r.exclude ?? []).some((k) => termIndex(target, k) >= 0),
  );
  if (known) return { known, areaType: known.area, area: AREAS[known.area], shortName: known.name };
  const bySuffix = lastWord.length >= 2 ? REGION_SUFFIX_AREAS.find((s) => lastWord.endsWith(s.suffix)) : undefined;
  const areaType = bySuffix?.area ?? 'GENERIC';
  return { known: undefined, areaType, area: AREAS[areaType], shortName: lastWord };
}

/** Exact season names first, then aliases such as 장마철 → 여름; anything else is neutral. */
export function seasonProfileOf(season: string): SeasonProfile {
  const target = matchText(season);
  const exact = SEASON_PROFILES.find((s) => s.id === target.text);
  if (exact) return exact;
  return SEASON_PROFILES.find((s) => s.aliases.some((a) => termIndex(target, a) >= 0)) ?? NEUTRAL_SEASON;
}

/** The objective with the most keyword hits (ties: table order); none → a balanced default. */
export function objectiveOf(objective: string): ObjectiveProfile {
  const target = matchText(objective);
  let best = BALANCED_OBJECTIVE;
  let bestHits = 0;
  for (const profile of OBJECTIVES) {
    const hits = profile.keywords.filter((k) => termIndex(target, k) >= 0).length;
    if (hits > bestHits) {
      best = profile;
      bestHits = hits;
    }
  }
  return best;
}

/** Multiplier of the typical monthly revenue for a free-text store size ('소형', '25평', 'large'). */
export function storeSizeFactor(storeSize: string | undefined): number {
  if (!storeSize) return 1;
  const target = matchText(storeSize);
  const area = /(\d+(?:\.\d+)?)\s*(평|㎡|m2|제곱미터)/.exec(target.text);
  if (area) {
    const pyeong = area[2] === '평' ? Number(area[1]) : Number(area[1]) / 3.3;
    return pyeong < 15 ? 0.6 : pyeong <= 40 ? 1 : 1.8;
  }
  return STORE_SIZE_FACTORS.find((s) => s.words.some((w) => termIndex(target, w) >= 0))?.factor ?? 1;
}
