/** Korean seasons by month, evaluated in Korea Standard Time (UTC+9, no DST). */
export const SEASONS = ['봄', '여름', '가을', '겨울'] as const;
export type Season = (typeof SEASONS)[number];

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

export function seasonOf(date: Date): Season {
  const month = new Date(date.getTime() + KST_OFFSET_MS).getUTCMonth() + 1;
  if (month >= 3 && month <= 5) return '봄';
  if (month >= 6 && month <= 8) return '여름';
  if (month >= 9 && month <= 11) return '가을';
  return '겨울';
}
