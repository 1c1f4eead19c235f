// Small, pure helpers for the rule-based provider: hashing, Korean particles,
// templates and number formatting.

/** 32-bit FNV-1a over UTF-16 code units: stable variety without Math.random. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Picks one of `items` by a stable hash of `seed`. */
export function pick<T>(items: readonly [T, ...T[]], seed: string): T;
export function pick<T>(items: readonly T[], seed: string): T | undefined;
export function pick<T>(items: readonly T[], seed: string): T | undefined {
  return items[fnv1a(seed) % Math.max(items.length, 1)];
}

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const RIEUL = 8; // final-consonant index of ㄹ, which takes 로 rather than 으로
// Final consonant of a digit's Korean reading (영, 일, 이, 삼 …): 0 = none.
const DIGIT_FINALS = [21, 8, 0, 16, 0, 0, 1, 8, 8, 0];

/** Final-consonant index of the word's last readable character (0 = none). */
function finalConsonant(word: string): number {
  const chars = Array.from(word.trim());
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const ch = chars[i] ?? '';
    const code = ch.codePointAt(0) ?? 0;
    if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return (code - HANGUL_FIRST) % 28;
    if (ch >= '0' && ch <= '9') return DIGIT_FINALS[Number(ch)] ?? 0;
    if (/[a-z]/i.test(ch)) return /[lmn]/i.test(ch) ? 4 : 0; // a rough reading of Latin endings
  }
  return 0;
}

const PARTICLES: Readonly<Record<string, readonly [string, string]>> = {
  은: ['은', '는'], 는: ['은', '는'],
  이: ['이', '가'], 가: ['이', '가'],
  을: ['을', '를'], 를: ['을', '를'],
  과: ['과', '와'], 와: ['과', '와'],
  으로: ['으로', '로'], 로: ['으로', '로'],
};

/** `word` followed by the particle form its last syllable calls for: josa('강남구', '은') → '강남구는'. */
export function josa(word: string, particle: string): string {
  const forms = PARTICLES[particle];
  if (!forms) return word + particle;
  const final = finalConsonant(word);
  if (forms[0] === '으로') return word + (final === 0 || final === RIEUL ? '로' : '으로');
  return word + (final === 0 ? forms[1] : forms[0]);
}

/** Replaces `{name}` and `{name|particle}`; unknown names are left as written. */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)(?:\|([가-힣]+))?\}/g, (whole, name: string, particle: string | undefined) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return particle ? josa(value, particle) : value;
  });
}

/** Cuts text to at most `max` UTF-16 units (the schemas' maxLength), ending with '…'. */
export function clip(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let cut = trimmed.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
  return `${cut.trimEnd()}…`;
}

/** 1234567 → '1,234,567원'. */
export function formatKrw(amount: number): string {
  return `${String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}원`;
}

/** Lower-cased, NFC text and its words, for keyword matching. */
export interface MatchText {
  readonly text: string;
  readonly words: ReadonlySet<string>;
}

export function matchText(raw: string): MatchText {
  const text = raw.normalize('NFC').toLowerCase().trim();
  return { text, words: new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) };
}

/**
 * Position of `term` in the text, or -1. ASCII terms must be whole words ('bar'
 * must not match 'barber'); Korean terms match inside words (한식 in 한식당).
 */
export function termIndex(target: MatchText, term: string, wholeWord = false): number {
  const lower = term.toLowerCase();
  if (wholeWord || /^[\x20-\x7e]+$/.test(lower)) {
    if (!target.words.has(lower)) return -1;
    const at = target.text.search(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(lower)}($|[^\\p{L}\\p{N}])`, 'u'));
    return at < 0 ? 0 : at;
  }
  return target.text.indexOf(lower);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
export const round2 = (value: number): number => Math.round(value * 100) / 100;
export const round1 = (value: number): number => Math.round(value * 10) / 10;
