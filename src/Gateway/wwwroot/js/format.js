// Times in China Standard Time, durations and rates as people read them.

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026/11/28 09:30" (China Standard Time) */
export function time(instant) {
  return instant ? timeFormat.format(new Date(instant)) : '—';
}

/** "2026-11-28T09:30" (a datetime-local input) read as China Standard Time → an ISO instant; '' → null. */
export function fromChinaTime(local) {
  return local ? new Date(`${local}+08:00`).toISOString() : null;
}

/** yyyy-MM-dd of the China Standard Time day, days after (or before) the day of now. */
export function chinaDate(daysFromToday = 0) {
  return dayFormat.format(new Date(Date.now() + daysFromToday * 86_400_000));
}

/** 0.8765 → "87.7%"; null → "—" (no case to count). */
export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** seconds → "2天3小时", "45分钟", "20秒"; null → "—" */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Math.round(seconds)}秒`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}小时${minutes % 60 ? `${minutes % 60}分` : ''}`;
  return `${Math.floor(hours / 24)}天${hours % 24 ? `${hours % 24}小时` : ''}`;
}

/** ISO 8601 duration of the catalogue ("PT30M", "P2D") → "30分钟", "2天". */
export function target(iso) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso ?? '');
  if (!match) return iso ?? '—';
  const [, days, hours, minutes] = match;
  return `${days ? `${days}天` : ''}${hours ? `${hours}小时` : ''}${minutes ? `${minutes}分钟` : ''}`;
}
