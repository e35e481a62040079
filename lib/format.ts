/** Display helpers shared by server and client components (no server imports). */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}小时${m ? `${m}分` : ''}` : `${m}分`;
}

export function formatFen(fen: number): string {
  const yuan = Math.floor(Math.abs(fen) / 100);
  const rest = Math.abs(fen) % 100;
  return `${fen < 0 ? '-' : ''}¥${yuan}${rest ? `.${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''}`;
}

const shanghaiFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant (ISO string or Date) as Beijing wall-clock time, e.g. "2026/12/01 10:59"; for client views. */
export function formatShanghaiTime(at: string | Date): string {
  return shanghaiFormat.format(typeof at === 'string' ? new Date(at) : at);
}
