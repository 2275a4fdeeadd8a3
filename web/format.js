// format.js: numbers, amounts, dates and times in the user's locale.
//
// Amounts arrive as decimal strings in major units ("1200.50", docs/api.md)
// and are given to Intl.NumberFormat as strings, which it reads as exact
// decimals: no binary floating point touches money. The number of decimals
// is the currency's own (JPY 0, USD 2, BHD 3), as Intl knows it.

export const locale = navigator.languages?.[0] || navigator.language || 'en';

const moneyFormats = new Map();
function moneyFormat(currency) {
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 });
    }
    moneyFormats.set(currency, f);
  }
  return f;
}

export function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '—';
  return moneyFormat(currency).format(String(amount));
}

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
export function count(n) {
  return n === null || n === undefined ? '—' : integer.format(n);
}

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
// A day "2026-11-22" (no zone: formatted as that calendar day).
export function day(text) {
  if (!text) return '—';
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? text : dateFormat.format(d);
}

const momentFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
// A moment "2026-11-22T14:00:00Z" in the user's own zone.
export function moment(text) {
  if (!text) return '—';
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : momentFormat.format(d);
}

// one formatter for every row: making one costs more than formatting with it
const clockFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });

const otherDayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });

// The debtor's wall clock as the server gives it: "2026-12-02T15:59+09:00
// Asia/Tokyo" (the queue) or "2026-12-01 22:57 EST" (the account): its time
// of day in the user's locale, and the zone; `day` is the debtor's day
// ("Sun, Dec 6") when it is not the user's own today (a collector's Friday
// evening in New York is Saturday morning in Tokyo), else ''.
export function localClock(text) {
  if (!text) return { time: '—', zone: '', day: '' };
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2})?(\S*)\s*(.*)$/.exec(text);
  if (!m) return { time: text, zone: '', day: '' };
  const t = new Date(Date.UTC(2000, 0, 1, Number(m[2]), Number(m[3])));
  const time = clockFormat.format(t);
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const d = new Date(`${m[1]}T00:00:00Z`);
  const day = m[1] === today || Number.isNaN(d.getTime()) ? '' : otherDayFormat.format(d);
  return { time, zone: m[5] || m[4], day };
}

// The zone of the user's own clock (the browser's), as datetime-local fields are read.
export const userZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
})();

const zoneFormats = new Map();
// A moment (a Date) on the wall clock of `zone` (an IANA name): "Sun, Dec 6, 10:00 AM";
// null when the zone is not one Intl knows.
export function inZone(date, zone) {
  let f = zoneFormats.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric',
        minute: '2-digit', timeZone: zone });
    } catch {
      f = null;
    }
    zoneFormats.set(zone, f);
  }
  return f && !Number.isNaN(date.getTime()) ? f.format(date) : null;
}

export function label(code) {
  return String(code || '').replace(/_/g, ' ');
}

// Decimals of a currency (ISO 4217, as Intl knows them).
export function decimalsOf(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

// The locale's decimal mark ("," in de, fr, pt-BR; "." in en, ja).
const decimalMark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value || '.';

// An amount as a person types it, read as the API's text ("1200.50"), or
// null when it is not a plain non-negative amount with at most `decimals`
// decimals. The pages show amounts in the user's locale ("1.200,50 €",
// "$1,200.50"), so they are taken back that way too: spaces and
// apostrophes between digits are dropped ("1 200,50", "1'200.50"); of "."
// and "," both present the last is the decimal mark and the other groups
// thousands; one mark present several times groups thousands ("1,234,567");
// one mark once is the decimal mark ("12,50", "294.22", the API's own
// form the fields start with), except before exactly three digits where a
// decimal mark cannot be (the currency has fewer decimals: "1,200" and
// "1.200" are 1200, "250,000" yen 250000) or, for a currency of three
// decimals, a "," where the locale's decimal mark is "." ("1,200" is 1200
// in en). Thousands groups are checked (three digits; two before the last
// as India groups), so "1,20,0" is refused, not read as 1200.
export function parseAmount(text, decimals) {
  const s = String(text ?? '').trim().replace(/(?<=\d)[\s'\u2019]+(?=\d)/g, '');
  if (!/^[\d.,]*\d[\d.,]*$/.test(s)) return null;
  const dot = s.lastIndexOf('.'), comma = s.lastIndexOf(',');
  let mark = null; // the decimal mark, if any
  if (dot >= 0 && comma >= 0) mark = dot > comma ? '.' : ',';
  else if (dot >= 0 || comma >= 0) {
    const m = dot >= 0 ? '.' : ',';
    const once = s.indexOf(m) === s.lastIndexOf(m);
    const three = s.length - s.lastIndexOf(m) - 1 === 3;
    if (once && !(three && (decimals < 3 || (m === ',' && decimalMark !== ',')))) mark = m;
  }
  const at = mark ? s.lastIndexOf(mark) : s.length;
  const whole = s.slice(0, at), frac = s.slice(at + 1);
  if (!/^\d*$/.test(frac) || frac.length > decimals) return null;
  let digits = whole;
  if (/[.,]/.test(whole)) {
    const group = whole.replace(/\d/g, '')[0];
    const parts = whole.split(group);
    if (/[.,]/.test(whole.replace(new RegExp(`\\${group}`, 'g'), '')) || !/^\d{1,3}$/.test(parts[0]) ||
      parts[parts.length - 1].length !== 3 || parts.slice(1, -1).some((p) => !/^\d{2,3}$/.test(p)))
      return null;
    digits = parts.join('');
  }
  if (digits === '' && frac === '') return null;
  const int = (digits || '0').replace(/^0+(?=\d)/, '');
  return frac ? `${int}.${frac}` : int;
}

// "1234.5" -> 123450n minor units for 2 decimals; null when it is not a
// plain non-negative amount with at most that many decimals (read as
// parseAmount reads what a person types). Sums of money in the page are
// BigInt minor units, never floating point.
export function toMinor(text, decimals) {
  const read = parseAmount(text, decimals);
  const m = read === null ? null : /^(\d+)(?:\.(\d*))?$/.exec(read);
  if (!m || (m[2] && m[2].length > decimals)) return null;
  return BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt((m[2] || '').padEnd(decimals, '0') || '0');
}

// 123450n -> "1234.50" (2 decimals), the API's text; negative with a '-'.
export function fromMinor(minor, decimals) {
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(decimals + 1, '0');
  const text = decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
  return neg ? `-${text}` : text;
}
