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
