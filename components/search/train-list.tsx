import Link from 'next/link';
import type { TrainOffer } from '@/lib/booking/types';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { formatDuration, formatFen } from '@/lib/format';
import { StopsDisclosure } from './stops-disclosure';

function availability(left: number): { text: string; tone: string } {
  if (left <= 0) return { text: '无', tone: 'text-slate-400' };
  if (left >= 20) return { text: '有', tone: 'text-green-700' };
  return { text: `${left}张`, tone: 'text-amber-700' };
}

export function TrainList({ trains, date }: { trains: TrainOffer[]; date: string }) {
  if (trains.length === 0) {
    return (
      <p className="rounded-lg bg-white p-6 text-center text-slate-600 shadow-sm">
        没有符合条件的车次，请调整筛选条件或日期。
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="车次列表">
      {trains.map((t) => (
        <li
          key={`${t.trainNo}-${t.fromStation}`}
          className="rounded-lg bg-white p-4 shadow-sm"
          aria-label={`车次 ${t.trainCode}`}
        >
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <h2 className="w-20 text-xl font-semibold text-brand-800">{t.trainCode}</h2>
            <div className="flex items-center gap-3">
              <div className="text-center">
                <div className="text-lg font-semibold" data-testid="depart-time">
                  {t.fromTime}
                </div>
                <div className="text-sm text-slate-600">{t.fromStation}</div>
              </div>
              <div className="text-center text-xs text-slate-500">
                <div>{formatDuration(t.runMinutes)}</div>
                <div aria-hidden="true">⟶</div>
              </div>
              <div className="text-center">
                <div className="text-lg font-semibold" data-testid="arrive-time">
                  {t.toTime}
                  {t.arriveDays > 0 && (
                    <sup
                      className="ml-0.5 text-xs text-red-700"
                      aria-label={`${t.arriveDays === 1 ? '次日' : `${t.arriveDays}天后`}到达`}
                    >
                      +{t.arriveDays}
                    </sup>
                  )}
                </div>
                <div className="text-sm text-slate-600">{t.toStation}</div>
              </div>
            </div>
          </div>
          <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label={`${t.trainCode} 席别`}>
            {t.seats.map((s) => {
              const a = availability(s.left);
              const href = `/book?${new URLSearchParams({
                train: t.trainCode,
                from: t.fromStation,
                to: t.toStation,
                date,
                seat: String(s.seatType),
              }).toString()}`;
              return (
                <li key={s.seatType} className="flex flex-col rounded border border-slate-200 p-2 text-sm">
                  <span className="font-medium">{s.name}</span>
                  <span>
                    {formatFen(s.priceFen)}
                    {s.berths.length > 0 && <span className="text-xs text-slate-500"> 起</span>}
                  </span>
                  <span className={a.tone}>余票 {a.text}</span>
                  {s.left > 0 ? (
                    <Link
                      href={href}
                      className="mt-1 rounded bg-brand-600 px-2 py-1 text-center text-white hover:bg-brand-700"
                      aria-label={`预订 ${t.trainCode} ${s.name}`}
                    >
                      预订
                    </Link>
                  ) : (
                    <>
                      <span className="mt-1 rounded bg-slate-100 px-2 py-1 text-center text-slate-500">售罄</span>
                      {s.seatType !== SEAT_TYPE.STANDING && (
                        <Link
                          href={href.replace('/book?', '/grab/new?')}
                          className="mt-1 rounded border border-brand-600 px-2 py-1 text-center text-brand-700 hover:bg-brand-50"
                          aria-label={`抢票 ${t.trainCode} ${s.name}`}
                        >
                          抢票
                        </Link>
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          <StopsDisclosure
            trainCode={t.trainCode}
            trainNo={t.trainNo}
            date={date}
            from={t.fromStation}
            to={t.toStation}
          />
        </li>
      ))}
    </ul>
  );
}
