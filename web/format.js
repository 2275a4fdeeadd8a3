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

// The debtor's wall clock as the server gives it: "2026-12-02T15:59+09:00
// Asia/Tokyo" (the queue) or "2026-12-01 22:57 EST" (the account): its time
// of day in the user's locale, and the zone.
export function localClock(text) {
  if (!text) return { time: '—', zone: '' };
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2})?(\S*)\s*(.*)$/.exec(text);
  if (!m) return { time: text, zone: '' };
  const t = new Date(Date.UTC(2000, 0, 1, Number(m[2]), Number(m[3])));
  const time = clockFormat.format(t);
  return { time, zone: m[5] || m[4] };
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

// "1234.5" -> 123450n minor units for 2 decimals; null when it is not a
// plain non-negative amount with at most that many decimals. Sums of money
// in the page are BigInt minor units, never floating point.
export function toMinor(text, decimals) {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(String(text).trim());
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
