/**
 * The Japanese address form's data: the 47 prefectures (都道府県) in their official order and the
 * postal code rule (7 digits, typed with or without the hyphen, sent as NNN-NNNN).
 */
export const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const;

/**
 * `1000001`, `100-0001`, full-width `１００－０００１` -> `100-0001`; anything that is not 7 digits
 * -> null.
 */
export function normalizeJapanesePostalCode(input: string): string | null {
  const halfWidth = input
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[－ー‐−–]/g, '-');
  const match = /^(\d{3})-?(\d{4})$/.exec(halfWidth);
  return match === null ? null : `${match[1]}-${match[2]}`;
}
