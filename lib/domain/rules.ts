/**
 * THE dated table of business rules that change by notice (marked "(verify)" in DOMAIN_NOTES.md) and
 * of the sandbox's defaults. Every other module reads these values from here; nothing else hard-codes
 * them.
 *
 * Each rule is a list of versions, oldest first. A version applies from its `effectiveFrom` date
 * (Shanghai calendar, inclusive) until the next version's. To record a new 12306 notice, append a
 * version with its date and source; never edit an old one.
 *
 * About the dates: `effectiveFrom` is the earliest date our sources attest the value, not necessarily
 * the day 12306 introduced it. Rules whose start we do not know carry `SANDBOX_BASELINE`; the child
 * rule carries its documented start (2023-01-01); rules read from the provider's documentation carry
 * the date of the provider's example order (2024-01-25). Earlier history is not modelled.
 *
 * | key | current value | from | source |
 * | --- | --- | --- | --- |
 * | presaleDays | 15 days incl. today | 2024-01-01 | 12306 notices (DOMAIN_NOTES) |
 * | salesCloseMinutes / refundCloseMinutes / changeCloseMinutes | 25 min before departure | 2024-01-01 | 12306 practice (verify) |
 * | refundFeeSchedule | ≥8 d 0 %, ≥48 h 5 %, ≥24 h 10 %, else 20 % | 2024-01-01 | 12306 退票规则 |
 * | minRefundFeeFen | ¥2 when a fee applies | 2024-01-01 | 12306 退票规则; FAQ §2 |
 * | changedTicketMinRefundPercent | 5 % (bought < 8 d out, changed to ≥ 8 d) | 2024-01-01 | 12306 退票规则 |
 * | refundLockAfterIssueMinutes | 5 min (msgCode 309) | 2024-01-25 | juhe dictionary 309 |
 * | payLimitMinutes / shortPayLimitMinutes / shortPayLimitWithinMinutes | 10 / 2 / 30 min | 2024-01-25 | panhe 创单 |
 * | changeFeePercent | 5 % of the original fare, per ticket | 2024-01-25 | panhe 订单详情 example (verify) |
 * | changesPerTicket | 1 | 2024-01-25 | panhe 申请改签 |
 * | changeDestinationHoursBefore | 48 h before the original departure; counts as the one change | 2024-01-01 | DOMAIN_NOTES l.58 (verify); nothing more in the documents |
 * | changeStations | 发站 and 到站: stations of the original cities (到站 elsewhere: 变更到站) | 2024-01-25 | panhe 申请改签 l.158-159, 订单详情 example l.291 |
 * | maxPassengersPerOrder | 9 | 2024-01-25 | panhe 创单 |
 * | maxFrequentPassengers | 15 | 2024-01-25 | panhe 增/改常旅 |
 * | verifiedPassengerDeleteLockDays | 30 (one month) | 2024-01-25 | panhe 删除常旅 |
 * | trainAccountSessionHours | 10 h | 2024-01-25 | panhe 账号登录 |
 * | maxCancellationsPerDay | 3 a Shanghai day, per passenger | 2024-01-01 | DOMAIN_NOTES l.13; juhe dictionary 206 (verify) |
 * | childAgeFrom / childAgeUnder | 6 / 14 (age on the travel date) | 2023-01-01 | 12306 儿童票新规 |
 * | freeChildrenPerAdult | 1 child under 6 | 2023-01-01 | 12306 儿童票新规 |
 * | childFarePercent | 50 % | 2023-01-01 | 12306 儿童票新规 |
 * | studentFarePercent | 二等座 75 %, 硬座 50 % | 2024-01-01 | DOMAIN_NOTES (verify) |
 * | studentTripsPerYear / studentTravelWindows | 4; 06-01..09-30, 12-01..03-31 | 2024-01-01 | DOMAIN_NOTES |
 * | studentAcademicYearStart | 09-01 (the 4 trips count per academic year from this day) | 2024-01-01 | our reading of DOMAIN_NOTES "per academic year" (verify) |
 * | phoneVerification | refuse identity 0/3/4 and the account holder's unverified mobile; warn identity 2 and other unverified mobiles | 2024-01-25 | panhe l.364-365, l.390; juhe dictionary 308, 401 |
 * | freeChildHeightCm | free under 120 cm (one per adult), child ticket 120-150 cm | 2024-01-25 | juhe FAQ §10 l.187 |
 * | disabledFarePercent | 50 % | 2024-01-01 | sandbox default (verify) |
 * | grabMinHoursBeforeDeparture / grabMaxPassengers | 3 h / 5 | 2024-01-01 | juhe 抢票 tips |
 * | nightClosure | 12306 closed 23:00–06:00 (Shanghai): holds wait for the morning | 2024-01-25 | juhe-train-booking-faq.md §3 l.101; juhe-train-api.md l.92 (06:00: 12306 practice, verify) |
 * | holdDocumentFields | 创单: birthday + sex for cardType 2/3/4/8, countryCode for 2/8 (lib/domain/documents.ts) | 2024-01-25 | panhe-train-api.md l.103, l.105, l.106 |
 * | registrationDocumentFields | 注册: email for 3/4; sex, cardValidEndDate, birthday for all but 1/9; countryCode for 2/8 | 2024-01-25 | panhe-train-api.md l.302-306 |
 * | stationListRefreshHours | 24 h (and at worker start) | 2024-01-25 | panhe 站点 list l.66 (≤ 10 requests a day) |
 * | transferMinConnectionMinutes | same station: 20 min between two EMU trains (G/D/C), 30 min otherwise | 2024-01-01 | 12306 中转换乘 practice (verify) |
 * | transferCrossStationMinutes | 同城换乘 between two stations of a city: 120 min unless a pair is listed | 2024-01-01 | our estimate: metro/taxi + security again (verify) |
 * | transferMaxWaitMinutes | 6 h at the transfer station | 2024-01-01 | ours (12306 lists longer waits only on request) (verify) |
 * | transferMaxTotalFactor | 2 × the fastest direct train (or the fastest transfer when none) | 2024-01-01 | ours (verify) |
 * | deliveryCancelTimeSchedule | 送票 cancel: ≥48 h free, 48–24 h 15 %, 24–6 h 50 % of the fare, < 6 h not online | 2024-01-01 | ticket-delivery-cancellation.md §二 l.16, l.19 |
 * | deliveryInTransitFarePercent | 送票 cancel in 配送中: delivery fee + 10 % of the fare | 2024-01-01 | ticket-delivery-cancellation.md §三 l.24 |
 * | deliveryFeeTable | 送票 fee by distance band and speed | 2024-01-01 | ours (verify); §一 l.12 |
 * | deliveryInterceptSuccessPercent | 拦截物流 succeeds about 70 % (courier sandbox default) | 2024-01-01 | ticket-delivery-cancellation.md §三 l.26 |
 * | timetableStopsRefreshDays | 7 days per train's 经停站 in the index | 2024-01-01 | ours: timetables change at the quarterly 调图 (verify) |
 */
import { shanghaiDate } from '@/lib/time';

/** Start date for rules whose historical start our sources do not give. */
export const SANDBOX_BASELINE = '2024-01-01';
/** Date the table was last reviewed against the sources. */
export const RULES_REVIEWED = '2026-11-24';
/** @deprecated use RULES_REVIEWED */
export const RULES_EFFECTIVE = RULES_REVIEWED;

export interface RuleVersion<V> {
  value: V;
  /** Shanghai calendar date 'YYYY-MM-DD' from which this version applies (inclusive). */
  effectiveFrom: string;
  /** Where the value comes from. */
  source: string;
  /** True when DOMAIN_NOTES marks it "(verify)": a sandbox default, not law. */
  verify?: boolean;
}

/** 送票 cancellation by time before departure: the first band whose threshold is reached applies; none → no online cancel. */
export interface DeliveryCancelBand {
  atLeastMinutesBefore: number;
  /** Share of the fare (票款) charged. */
  percent: number;
}

/** One row of the delivery fee table (per distance band and speed). */
export interface DeliveryFeeRow {
  feeFen: number;
  etaHours: number;
}

export interface RefundFeeBand {
  /** The band applies when the time left before departure is at least this many minutes. */
  atLeastMinutesBefore: number;
  percent: number;
}

const PROVIDER_DOC_DATE = '2024-01-25';
const CHILD_RULE_DATE = '2023-01-01';

const v = <V>(value: V, effectiveFrom: string, source: string, verify = false): RuleVersion<V> => ({
  value,
  effectiveFrom,
  source,
  ...(verify ? { verify } : {}),
});

/** 同城换乘 minutes between two stations of one city, either order (transferCrossStationMinutes): the metro or shuttle ride plus entering the second station. */
const CROSS_STATION_PAIRS: Readonly<Record<string, number>> = {
  '北京南|北京西': 80,
  '北京南|北京': 70,
  '北京西|北京': 70,
  '上海虹桥|上海': 70,
  '上海|上海南': 60,
  '上海虹桥|上海南': 80,
  '南京南|南京': 70,
  '杭州东|杭州': 60,
  '徐州东|徐州': 70,
  '济南西|济南': 80,
  '郑州东|郑州': 70,
  '武汉|汉口': 80,
  '武汉|武昌': 70,
  '广州南|广州': 80,
  '西安北|西安': 70,
  '天津西|天津': 60,
  '天津南|天津': 70,
};

/** The one dated table. Versions of a rule must be in ascending `effectiveFrom` order. */
export const RULE_TABLE = {
  presaleDays: [v(15, SANDBOX_BASELINE, '12306 预售期 notices (DOMAIN_NOTES: 15 days including today)')],
  salesCloseMinutes: [v(25, SANDBOX_BASELINE, '12306 practice: online sales close before departure', true)],
  refundCloseMinutes: [v(25, SANDBOX_BASELINE, '12306 practice; msgCode 310 距离发车时间太近', true)],
  changeCloseMinutes: [v(25, SANDBOX_BASELINE, '12306 practice; msgCode 314 距离发车时间太近,无法改签', true)],
  refundFeeSchedule: [
    v<readonly RefundFeeBand[]>(
      [
        { atLeastMinutesBefore: 8 * 24 * 60, percent: 0 },
        { atLeastMinutesBefore: 48 * 60, percent: 5 },
        { atLeastMinutesBefore: 24 * 60, percent: 10 },
        { atLeastMinutesBefore: Number.NEGATIVE_INFINITY, percent: 20 },
      ],
      SANDBOX_BASELINE,
      '12306 退票规则 (DOMAIN_NOTES): ≥8 days free, ≥48 h 5 %, 24–48 h 10 %, <24 h 20 %',
    ),
  ],
  minRefundFeeFen: [v(200, SANDBOX_BASELINE, '12306 退票规则: at least ¥2 where a fee applies (FAQ §2)')],
  changedTicketMinRefundPercent: [
    v(5, SANDBOX_BASELINE, '12306: bought < 8 days out and changed to a train ≥ 8 days out pays 5 % if refunded'),
  ],
  refundLockAfterIssueMinutes: [v(5, PROVIDER_DOC_DATE, 'juhe msgCode 309 出票5分钟内无法提交退票')],
  payLimitMinutes: [v(10, PROVIDER_DOC_DATE, 'panhe 创单: 30分钟以上的车次订单支付时限是10分钟')],
  shortPayLimitMinutes: [v(2, PROVIDER_DOC_DATE, 'panhe 创单: 30分钟以内的车次支付时限为2分钟')],
  shortPayLimitWithinMinutes: [v(30, PROVIDER_DOC_DATE, 'panhe 创单 (our reading of "30分钟以上的车次")', true)],
  changeFeePercent: [
    v(5, PROVIDER_DOC_DATE, 'panhe 订单详情 example: 改签费率 5 % of the original fare per ticket', true),
  ],
  changesPerTicket: [v(1, PROVIDER_DOC_DATE, 'panhe 申请改签: 一张火车票只能成功改签一次')],
  changeDestinationHoursBefore: [
    v(
      48,
      SANDBOX_BASELINE,
      'DOMAIN_NOTES.md l.58 "变更到站 (change destination) up to 48 h before departure (verify)" — an arrival in ' +
        'another city than the original one, counted from the original departure; 12306 rule (not in the provider ' +
        "documents): a 变更到站 is a 改签, so it is the ticket's one change (changesPerTicket). The documents say " +
        'nothing more about it (lib/domain/change-stations.ts)',
      true,
    ),
  ],
  changeStations: [
    v(
      { departure: 'sameCity', arrival: 'sameCityOrChangeDestination' } as const,
      PROVIDER_DOC_DATE,
      'panhe-train-api.md l.158-159 申请改签 fromStation/toStation "改签后的出发火车站名称…改签后的到达火车站名称"; l.291 订单详情 example: ' +
        '苏州北→昆山南 G7199 changed to K289 苏州→昆山 and G3163 苏州→昆山南 (same cities, other stations). City = the ' +
        "city column of 12306's station list (data/railway/station.csv)",
    ),
  ],
  maxPassengersPerOrder: [v(9, PROVIDER_DOC_DATE, 'panhe 创单: 一单最多下9人')],
  maxFrequentPassengers: [v(15, PROVIDER_DOC_DATE, 'panhe 增/改常旅: 同一账号下最多有15个常旅客')],
  verifiedPassengerDeleteLockDays: [v(30, PROVIDER_DOC_DATE, 'panhe 删除常旅: 已核验的常旅客一个月之内无法删除')],
  trainAccountSessionHours: [v(10, PROVIDER_DOC_DATE, 'panhe 账号登录: 建议最长不超过10小时需重新登录', true)],
  maxCancellationsPerDay: [
    v(
      3,
      SANDBOX_BASELINE,
      'DOMAIN_NOTES l.13 "three cancellations of paid-for holds in a day lock buying for the rest of the day (verify)"; ' +
        'juhe-grab-ticket-dictionary msgCode 206 "取消次数过多,取消请求已锁定". Counted per passenger (ID number) on the ' +
        "Shanghai calendar day: orders go out on the platform's or the provider's shared 12306 accounts, so the " +
        'passenger is what 12306 and the provider can hold to the limit',
      true,
    ),
  ],
  childAgeFrom: [v(6, CHILD_RULE_DATE, '12306 儿童票新规 (2023-01-01): age 6 to under 14 pays the child fare')],
  childAgeUnder: [v(14, CHILD_RULE_DATE, '12306 儿童票新规 (2023-01-01)')],
  freeChildrenPerAdult: [v(1, CHILD_RULE_DATE, '12306 儿童票新规: one child under 6 free without a seat per adult')],
  childFarePercent: [v(50, CHILD_RULE_DATE, '12306 儿童票新规: child fare about half')],
  studentFarePercent: [
    v(
      { emuSecondClass: 75, hardSeat: 50 },
      SANDBOX_BASELINE,
      'DOMAIN_NOTES: 75 % of EMU 二等座, 50 % of 硬座 on conventional trains',
      true,
    ),
  ],
  studentTripsPerYear: [v(4, SANDBOX_BASELINE, 'DOMAIN_NOTES: 4 single trips per academic year')],
  studentAcademicYearStart: [
    v(
      '09-01',
      SANDBOX_BASELINE,
      'DOMAIN_NOTES "4 single trips per academic year": the year read as starting on 1 September (our reading)',
      true,
    ),
  ],
  studentTravelWindows: [
    v(
      [
        { from: '06-01', to: '09-30' },
        { from: '12-01', to: '03-31' },
      ] as const,
      SANDBOX_BASELINE,
      'DOMAIN_NOTES: student travel windows',
    ),
  ],
  disabledFarePercent: [v(50, SANDBOX_BASELINE, 'sandbox default for 残军票 (verify against 12306)', true)],
  grabMinHoursBeforeDeparture: [v(3, SANDBOX_BASELINE, 'juhe 抢票 tips: 距离发车前3小时以上的车次')],
  grabMaxPassengers: [v(5, SANDBOX_BASELINE, 'juhe 抢票 tips: 抢票单目前最多支持五名乘客')],
  grabMaxTrains: [v(5, SANDBOX_BASELINE, 'juhe msgCode 220 抢票单乘客数,车次数,坐席数超过配置上限 (our limit)', true)],
  grabMaxSeatClasses: [v(3, SANDBOX_BASELINE, 'juhe msgCode 220 (our limit of seat classes per grab)', true)],
  grabMaxDates: [v(3, SANDBOX_BASELINE, '12306 候补: several dates may be chosen (our limit)', true)],
  grabMaxOpenPerUser: [v(5, SANDBOX_BASELINE, 'juhe msgCode 219 抢票单已达预约上限 (our limit of open grabs)', true)],
  // ---- issue 26: the documents' rules the strict sandbox enforces (each with its document line) ----
  holdDocumentFields: [
    v(
      { birthdayAndSex: [2, 3, 4, 8], country: [2, 8] } as const,
      PROVIDER_DOC_DATE,
      'panhe-train-api.md l.103 "birthday…当cardType = 2,3,4,8时必填", l.105 "sex…当cardType = 2,3,4,8时必填", ' +
        'l.106 "countryCode…当cardType = 2,8时必填"',
    ),
  ],
  registrationDocumentFields: [
    v(
      { email: [3, 4], birthdaySexValidity: [2, 3, 4, 8], country: [2, 8] } as const,
      PROVIDER_DOC_DATE,
      'panhe-train-api.md 12306账号注册 l.302 "邮箱(当cardType为3和4时必填)", l.303/305/306 "sex / cardValidEndDate / ' +
        'birthday…当cardType非1和9时必填", l.304 "countryCode…当cardType等于2和8时必填"',
    ),
  ],
  phoneVerification: [
    v(
      { refuseIdentity: [0, 3, 4], warnIdentity: [2], refuseUnverifiedAccountHolder: true } as const,
      PROVIDER_DOC_DATE,
      'panhe-train-api.md l.364-365/388-390 identityVerifyStatus (0未通过 3待核验 4请报验) and mobileVerifyStatus, ' +
        'l.390 "发送此验证码至‘12306’完成手机核验"; juhe dictionary 401 "购票所使用的12306账号未进行手机核验", ' +
        '308 "乘客身份信息未通过验证" (which states 12306 refuses: our reading, verify)',
      true,
    ),
  ],
  freeChildHeightCm: [
    v(
      { freeUnder: 120, childTicketUnder: 150 } as const,
      PROVIDER_DOC_DATE,
      'juhe-train-booking-faq.md §10 l.187 "一名成年人旅客可以免费携带一名身高不足1.2米的儿童…1.2~1.5米的,请购买儿童票"',
    ),
  ],
  nightClosure: [
    v(
      { closesAt: '23:00', opensAt: '06:00' } as const,
      PROVIDER_DOC_DATE,
      'juhe-train-booking-faq.md §3 l.101 "火车票官方订票系统会在每天23点…关闭,如您在23点左右提交订单,此订单可能要到第二天早上' +
        '才能处理完成" (06:00 opening: 12306 practice, verify)',
      true,
    ),
  ],
  stationListRefreshHours: [
    v(
      24,
      PROVIDER_DOC_DATE,
      'panhe-train-api.md l.66 "把信息保存在本地或入库…切勿实时调用该接口,每天最多请求10次" (站点 list l.71-74); ' +
        'juhe-train-api.md l.99 cityCode "Codes rarely change: cache them"; a daily refresh is ours',
      true,
    ),
  ],
  // ---- issue 30: 中转 transfer journeys (lib/domain/transfers.ts, lib/search/transfers.ts) ----
  transferMinConnectionMinutes: [
    v(
      { sameStationEmu: 20, sameStation: 30 } as const,
      SANDBOX_BASELINE,
      '12306 中转换乘 practice (issue 30): about 20–30 minutes at the same station — 20 between two EMU trains ' +
        '(G/D/C, same concourse), 30 when a conventional train is involved; between stations see transferCrossStationMinutes',
      true,
    ),
  ],
  transferCrossStationMinutes: [
    v(
      {
        default: 120,
        pairs: CROSS_STATION_PAIRS,
      },
      SANDBOX_BASELINE,
      'Our estimate (issue 30 "more between stations"): the city transfer (metro or taxi, published metro ' +
        'journey times of about 20–50 min between these stations) plus 30 min to enter the second station ' +
        "(security, ticket check) and a margin; 12306's own cross-station offers allow about 1.5–2 h",
      true,
    ),
  ],
  transferMaxWaitMinutes: [
    v(360, SANDBOX_BASELINE, 'ours: a wait of more than 6 h is not offered as a transfer', true),
  ],
  transferMaxTotalFactor: [
    v(
      2,
      SANDBOX_BASELINE,
      'ours: a transfer journey at most twice as long as the fastest direct train (without one, as the fastest transfer)',
      true,
    ),
  ],
  timetableStopsRefreshDays: [
    v(7, SANDBOX_BASELINE, "ours: a train's 经停站 in the index are re-read weekly (timetables change at 调图)", true),
  ],
  // ---- issue 27: 送票 delivery (lib/domain/delivery.ts) ----
  deliveryCancelTimeSchedule: [
    v<readonly DeliveryCancelBand[]>(
      [
        { atLeastMinutesBefore: 48 * 60, percent: 0 },
        { atLeastMinutesBefore: 24 * 60, percent: 15 },
        { atLeastMinutesBefore: 6 * 60, percent: 50 },
      ],
      SANDBOX_BASELINE,
      'ticket-delivery-cancellation.md §二 l.16 "火车票 | 发车前48小时 | 15%(48-24小时)/ 50%(24-6小时) | 列车出发时间"; ' +
        'ticket-delivery-cancellation.md l.19 "在发车前6小时关闭线上取消通道,强制线下窗口处理". Our readings (verify): ' +
        'the percentages are of the fare (票款), as in §三; a boundary instant belongs to the cheaper band (exactly 48 h ' +
        'before is free, exactly 6 h before is still 50 %)',
      true,
    ),
  ],
  deliveryInTransitFarePercent: [
    v(
      10,
      SANDBOX_BASELINE,
      'ticket-delivery-cancellation.md §三 l.24 "配送中(含电子票推送) | 需支付配送费+票款10% | 快递员/系统故障导致超时除外"; ' +
        'with the time rule the larger fare share applies, not the sum (our reading, verify)',
      true,
    ),
  ],
  deliveryFeeTable: [
    v<
      Readonly<
        Record<
          'sameCity' | 'sameProvince' | 'neighbouring' | 'far' | 'remote',
          Readonly<Record<'standard' | 'express', DeliveryFeeRow>>
        >
      >
    >(
      {
        sameCity: { standard: { feeFen: 1000, etaHours: 24 }, express: { feeFen: 1800, etaHours: 6 } },
        sameProvince: { standard: { feeFen: 1200, etaHours: 36 }, express: { feeFen: 2000, etaHours: 24 } },
        neighbouring: { standard: { feeFen: 1500, etaHours: 48 }, express: { feeFen: 2300, etaHours: 24 } },
        far: { standard: { feeFen: 1800, etaHours: 72 }, express: { feeFen: 2800, etaHours: 36 } },
        remote: { standard: { feeFen: 2500, etaHours: 120 }, express: { feeFen: 3800, etaHours: 72 } },
      },
      SANDBOX_BASELINE,
      'ours (verify): the document gives no delivery fee; amounts after common 顺丰/京东 document rates by zone. ' +
        'ticket-delivery-cancellation.md §一 l.12 "火车票配送周期短(通常24小时内)" sets the same-city standard ETA',
      true,
    ),
  ],
  deliveryInterceptSuccessPercent: [
    v(
      70,
      SANDBOX_BASELINE,
      'ticket-delivery-cancellation.md §三 l.26 "但可通过拦截物流功能追回包裹(成功率约70%)" (courier sandbox default)',
      true,
    ),
  ],
} as const satisfies Record<string, readonly RuleVersion<unknown>[]>;

export type RuleKey = keyof typeof RULE_TABLE;
export type RuleValue<K extends RuleKey> = (typeof RULE_TABLE)[K][number]['value'];

/**
 * The version of a rule in force on a date (a Date is read on the Shanghai calendar; a string is
 * 'YYYY-MM-DD'). Before the first version's date the first version applies (history not modelled).
 */
export function ruleVersionAt<K extends RuleKey>(
  key: K,
  at: Date | string = new Date(),
  table: Record<K, readonly RuleVersion<unknown>[]> = RULE_TABLE,
): RuleVersion<RuleValue<K>> {
  const versions = table[key] as readonly RuleVersion<RuleValue<K>>[];
  const day = typeof at === 'string' ? at.slice(0, 10) : shanghaiDate(at);
  let found = versions[0];
  for (const version of versions) if (version.effectiveFrom <= day) found = version;
  if (!found) throw new Error(`rule ${String(key)} has no versions`);
  return found;
}

/** The value of a rule in force on a date (default: now). */
export function ruleAt<K extends RuleKey>(key: K, at: Date | string = new Date()): RuleValue<K> {
  return ruleVersionAt(key, at).value;
}

/** The latest version's value: what the constants below export. */
function latest<K extends RuleKey>(key: K): RuleValue<K> {
  const versions = RULE_TABLE[key] as readonly RuleVersion<RuleValue<K>>[];
  return versions[versions.length - 1]!.value;
}

// ---- current values as named constants (what most code imports) ------------------------------------

export const PRESALE_DAYS: number = latest('presaleDays');
export const SALES_CLOSE_MINUTES_BEFORE_DEPARTURE: number = latest('salesCloseMinutes');
export const REFUND_CLOSE_MINUTES_BEFORE_DEPARTURE: number = latest('refundCloseMinutes');
export const CHANGE_CLOSE_MINUTES_BEFORE_DEPARTURE: number = latest('changeCloseMinutes');
export const REFUND_LOCK_AFTER_ISSUE_MINUTES: number = latest('refundLockAfterIssueMinutes');
export const PAY_LIMIT_MINUTES: number = latest('payLimitMinutes');
export const SHORT_PAY_LIMIT_MINUTES: number = latest('shortPayLimitMinutes');
export const SHORT_PAY_LIMIT_WHEN_DEPARTING_WITHIN_MINUTES: number = latest('shortPayLimitWithinMinutes');
export const CHANGE_FEE_PERCENT: number = latest('changeFeePercent');
export const CHANGES_PER_TICKET: number = latest('changesPerTicket');
export const CHANGE_DESTINATION_HOURS_BEFORE: number = latest('changeDestinationHoursBefore');
export const MAX_PASSENGERS_PER_ORDER: number = latest('maxPassengersPerOrder');
export const MAX_FREQUENT_PASSENGERS: number = latest('maxFrequentPassengers');
export const VERIFIED_PASSENGER_DELETE_LOCK_DAYS: number = latest('verifiedPassengerDeleteLockDays');
export const TRAIN_ACCOUNT_SESSION_HOURS: number = latest('trainAccountSessionHours');
export const MAX_CANCELLATIONS_PER_DAY: number = latest('maxCancellationsPerDay');
export const CHILD_AGE_FROM: number = latest('childAgeFrom');
export const CHILD_AGE_UNDER: number = latest('childAgeUnder');
export const FREE_CHILDREN_PER_ADULT: number = latest('freeChildrenPerAdult');
export const CHILD_FARE_PERCENT: number = latest('childFarePercent');
export const DISABLED_FARE_PERCENT: number = latest('disabledFarePercent');
export const MIN_REFUND_FEE_FEN: number = latest('minRefundFeeFen');
export const CHANGED_TICKET_MIN_REFUND_PERCENT: number = latest('changedTicketMinRefundPercent');
export const GRAB_MIN_HOURS_BEFORE_DEPARTURE: number = latest('grabMinHoursBeforeDeparture');
export const GRAB_MAX_PASSENGERS: number = latest('grabMaxPassengers');
export const GRAB_MAX_TRAINS: number = latest('grabMaxTrains');
export const GRAB_MAX_SEAT_CLASSES: number = latest('grabMaxSeatClasses');
export const GRAB_MAX_DATES: number = latest('grabMaxDates');
export const GRAB_MAX_OPEN_PER_USER: number = latest('grabMaxOpenPerUser');

/**
 * Refund fee schedule in hours (legacy shape): the first row whose threshold the time before
 * departure reaches applies. Prefer `ruleAt('refundFeeSchedule')` (minutes, dated).
 */
export const REFUND_FEE_SCHEDULE: readonly { atLeastHoursBefore: number; percent: number }[] = latest(
  'refundFeeSchedule',
).map((b) => ({ atLeastHoursBefore: b.atLeastMinutesBefore / 60, percent: b.percent }));

// ---- small helpers derived from the rules ------------------------------------------------------------

const MINUTE_MS = 60_000;

/**
 * The payment deadline of a hold (payLimitTime): 10 minutes after the hold, or 2 minutes when the
 * train leaves within 30 minutes of the hold ("30分钟以内的车次"; exactly 30 minutes counts as within).
 */
export function payLimitAt(heldAt: Date, departureAt: Date): Date {
  const on = heldAt;
  const within = ruleAt('shortPayLimitWithinMinutes', on) * MINUTE_MS;
  const minutes =
    departureAt.getTime() - heldAt.getTime() > within
      ? ruleAt('payLimitMinutes', on)
      : ruleAt('shortPayLimitMinutes', on);
  return new Date(heldAt.getTime() + minutes * MINUTE_MS);
}

/** Whether online sales of a departure are still open at `now` (closed 25 minutes before departure). */
export function salesOpen(departureAt: Date, now: Date): boolean {
  return departureAt.getTime() - now.getTime() >= ruleAt('salesCloseMinutes', now) * MINUTE_MS;
}

/**
 * The daily cancel limit (`maxCancellationsPerDay`) for a cancel asked now, given how many of the
 * passengers' holds were already cancelled today (Shanghai day): refused once the limit is reached
 * (the provider answers msgCode 206 "取消次数过多,取消请求已锁定"), a warning on the last allowed one.
 */
export function cancelLimit(
  cancelledToday: number,
  at: Date = new Date(),
): { refuse: string | null; warn: string | null } {
  const max = ruleAt('maxCancellationsPerDay', at);
  if (cancelledToday >= max)
    return {
      refuse:
        `今天已取消 ${cancelledToday} 次订单，达到 12306 每天 ${max} 次的取消上限，取消请求已锁定，本次未提交。` +
        '未支付的占座会在支付时限到后自动取消，不产生费用；明天起可以再取消。',
      warn: null,
    };
  if (cancelledToday === max - 1)
    return {
      refuse: null,
      warn: `今天已取消 ${cancelledToday} 次，再取消将达到 12306 每天 ${max} 次的上限：今天不能再取消订单，并可能当天无法再购票。`,
    };
  return { refuse: null, warn: null };
}
