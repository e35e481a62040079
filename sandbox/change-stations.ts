/**
 * The sandbox's own rule for the stations of a 改签 (it plays the provider and 12306; the portal's
 * reading lives in lib/domain/change-stations.ts and the two meet only on the wire). Written from:
 *
 * - panhe-train-api.md l.158-159 申请改签: fromStation / toStation "改签后的出发/到达火车站名称", and the
 *   订单详情 example l.291: 苏州北→昆山南 (G7199) changed to K289 苏州→昆山 (issued) and to G3163
 *   苏州→昆山南 — other stations of the same cities are a 改签;
 * - DOMAIN_NOTES.md l.58: "变更到站 (change destination) up to 48 h before departure (verify)": an
 *   arrival in another city, counted from the original departure;
 * - panhe-train-api.md l.153 "一张火车票只能成功改签一次" (engine/changes.ts refuses a second one; a 变更到站
 *   is that one change, as it goes through the same call).
 *
 * A departure from another city is nowhere allowed by the documents: refused. The documents say
 * nothing more about 变更到站, so nothing more is checked. City = station.csv's city column.
 *
 * Refusal codes (juhe-grab-ticket-dictionary.md, the catalogue both fronts share):
 * - another departure city → 316 "该订单不支持改签": the request is well-formed (101 参数无效 would say it
 *   is not) and the order is in a state that allows a change (202 当前订单状态不允许执行此操作 would say
 *   it is not); what is refused is this change of this order, which is what 316 says;
 * - 变更到站 less than 48 h before departure → 314 "距离发车时间太近,无法改签": the dictionary's own words
 *   for a change refused because departure is too close.
 */
import { MSG } from '@/protocol/panhe/codes';

/** DOMAIN_NOTES.md l.58 (verify). */
export const CHANGE_DESTINATION_HOURS_BEFORE = 48;

export type StationsRefusal = { msgCode: 314 | 316; msg: string } | null;

export function changeStationsRefusal(
  original: { fromStation: string; toStation: string; departAt: Date },
  next: { fromStation: string; toStation: string },
  cityOf: (station: string) => string,
  now: Date,
): StationsRefusal {
  const fromCity = cityOf(original.fromStation);
  if (cityOf(next.fromStation) !== fromCity)
    return {
      msgCode: MSG.CHANGE_NOT_ALLOWED as 316,
      msg: `该订单不支持改签:改签后的出发站${next.fromStation}与原出发站${original.fromStation}不在同一城市(${fromCity})`,
    };
  if (cityOf(next.toStation) === cityOf(original.toStation)) return null;
  if (original.departAt.getTime() - now.getTime() < CHANGE_DESTINATION_HOURS_BEFORE * 3_600_000)
    return {
      msgCode: MSG.CHANGE_TOO_CLOSE as 314,
      msg: `距离发车时间太近,无法改签:变更到站(到达${next.toStation})须在开车前${CHANGE_DESTINATION_HOURS_BEFORE}小时以上办理`,
    };
  return null;
}
