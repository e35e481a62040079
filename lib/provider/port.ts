/**
 * The provider boundary: what the portal asks of a ticket distributor, in the portal's own types
 * (types.ts: integer fen, Date instants, the domain's status and seat codes). Each distributor is an
 * adapter in `adapters/<id>/` that alone knows its wire format, its codes and its quirks; the portal
 * asks a provider's **capabilities**, never its name. A third provider is a third folder.
 */
import type { Fen } from '@/lib/domain/money';
import type { FrequentPassenger, OrderDetail, Station, Stop, TrainLine } from './types';

/** Every provider call's timeout unless configured (PROVIDER_TIMEOUT_MS, JUHE_TIMEOUT_MS). */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/** The providers an adapter exists for. */
export const PROVIDER_IDS = ['panhe', 'juhe'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const isProviderId = (s: string): s is ProviderId => (PROVIDER_IDS as readonly string[]).includes(s);

export interface ProviderCapabilities {
  /** 改签 through the API (申请/确认/取消改签). */
  change: boolean;
  /** When `change` is false: where, in plain words, a traveller can change a ticket instead. */
  changeElsewhere: string | null;
  /** 选座 (1A2B notation). */
  seatChoice: boolean;
  /** 选铺 (lower/middle/upper berths). */
  berthChoice: boolean;
  /** Passengers one order may carry. */
  maxPassengers: number;
  /** Orders may be placed with the traveller's own 12306 account (binding, 常旅客 sync). */
  trainAccount: boolean;
  /** What the provider does about 无座 when told nothing (the adapter always says what the traveller chose). */
  standingByDefault: boolean;
  /** 经停站. */
  stops: boolean;
  /** The prepaid balance can be read through the API. */
  balance: boolean;
  /** Whether 确认出票 carries (and the provider checks) the amount to pay. */
  confirmChecksAmount: boolean;
  /** 学生票 (ticketType 3) may be booked: only where the provider's document lists it as bookable. */
  studentTickets: boolean;
  /** Domain card types (HoldPassenger.cardType) the provider can book; others are refused before sending. */
  cardTypes: readonly number[];
}

/** 12306 login, in plain text (an adapter encrypts it as its protocol wants). */
export interface TrainCredentials {
  trainAccount: string;
  trainPassword: string;
}

export interface HoldPassenger {
  name: string;
  /** Domain card type: 身份证 1, 护照 2, 港澳 3, 台湾 4, 外国人永居 8, 港澳台居住证 9. */
  cardType: number;
  cardNo: string;
  mobile: string | null;
  /** 成人 1, 儿童 2, 学生 3, 残军 4. */
  ticketType: number;
  /** Domain seat type (二等座 4, 硬卧 8, ...). */
  seatType: number;
  /** The fare the traveller was shown (providers that want a price at submit get it). */
  priceFen: Fen | null;
  /**
   * The document details of the ID booked on (lib/domain/documents.ts says which card types need
   * them; the portal refuses a booking that lacks them before anything is sent): 'yyyy-MM-dd',
   * 男 1 / 女 2, a country code such as 'US'. Absent or null when not known.
   */
  birthday?: string | null;
  sex?: 1 | 2 | null;
  countryCode?: string | null;
  /** The document's expiry 'yyyy-MM-dd' (选填 in panhe 创单 cardValidEndDate). */
  cardValidUntil?: string | null;
}

/** 创单占座 in domain terms. */
export interface HoldRequest {
  /** Ours, unique per attempt. */
  customerOrderNo: string;
  trainCode: string;
  fromStation: string;
  toStation: string;
  departAt: Date;
  arriveAt: Date;
  seatType: number;
  acceptStanding: boolean;
  chooseSeats: string | null;
  chooseSleeper: string | null;
  contactName: string;
  contactMobile: string;
  passengers: HoldPassenger[];
  /** Required when the provider books with the traveller's (or the platform's) 12306 account. */
  credentials: TrainCredentials | null;
  /** The portal's public base URL, for providers that take callback URLs per order. */
  callbackBase: string;
}

export interface RefundTicketRequest {
  orderNo: string;
  ticketNo: string;
  name: string;
  cardType: number;
  cardNo: string;
  remark: string;
}

export interface ChangeRequest {
  orderNo: string;
  ticketNos: string[];
  fromStation: string;
  toStation: string;
  trainCode: string;
  seatType: number;
  departAt: Date;
  arriveAt: Date;
  chooseSeats: string | null;
  chooseSleeper: string | null;
  acceptStanding: boolean;
  remark: string;
  callbackBase: string;
}

export interface SearchQuery {
  from: string;
  to: string;
  /** yyyy-MM-dd (Beijing). */
  date: string;
}

export interface StopsQuery extends SearchQuery {
  trainCode: string;
  trainNo: string;
}

/**
 * What a callback said, once its sign checked: only who it is about (the body is never trusted).
 * `customerOrderNo` only when the sign covers it (juhe's md5("juhe"+key+orderid+user_orderid)), else null.
 */
export type CallbackNotice =
  | { ok: true; orderNo: string; customerOrderNo: string | null; eventType: string }
  | { ok: false; reason: 'invalid' | 'bad_sign'; message: string; orderNo?: string; eventType?: string };

/** A callback as it arrived: which path (`order`, `refund`, `submit`, ...), its content type and text. */
export interface InboundCallback {
  kind: string;
  contentType: string | null;
  body: string;
}

/** Saving a 常旅客 (增/改常旅客). */
export interface PassengerSave {
  /** The provider's id to modify, or 0 to add. */
  id: number | string;
  name: string;
  cardType: number;
  cardNo: string;
  mobile: string | null;
  passengerType: number;
  birthday: string | null;
  sex: number | null;
  countryCode: string | null;
  cardValidEndDate: string | null;
}

/** 12306 account and 常旅客 operations (capabilities.trainAccount). */
export interface TrainAccountApi {
  login(c: TrainCredentials, lastDigits?: string): Promise<{ isPass: boolean; errorMsg: string | null }>;
  /** A login that must pass: a refusal is a business ProviderError with the provider's words. */
  requireLogin(c: TrainCredentials, lastDigits?: string): Promise<void>;
  verifyLogin(c: TrainCredentials, smsCode: string): Promise<void>;
  faceAuth(c: TrainCredentials, photos: string[]): Promise<void>;
  register(input: RegisterAccount): Promise<{ passed: boolean; note: string | null }>;
  listPassengers(c: TrainCredentials): Promise<FrequentPassenger[]>;
  savePassenger(c: TrainCredentials, p: PassengerSave): Promise<PassengerSaved>;
  updateSelf(c: TrainCredentials, passengerType: number): Promise<void>;
  deletePassenger(c: TrainCredentials, p: { name: string; cardType: number; cardNo: string }): Promise<void>;
  passwordForgotCode(req: { mobile: string; cardType: number; cardNo: string }): Promise<{ requestID: string }>;
  passwordForgotReset(requestID: string, newPassword: string, code: string): Promise<void>;
  passwordChangeCode(trainAccount: string, oldPassword: string, newPassword: string): Promise<void>;
  passwordChange(trainAccount: string, oldPassword: string, newPassword: string, code: string): Promise<void>;
}

export interface RegisterAccount extends TrainCredentials {
  name: string;
  cardType: number;
  cardNo: string;
  mobile: string;
  passengerType: number;
  /** The SMS code (999 sent to 12306 from the mobile). */
  smsCode: string;
  /**
   * The document details 账号注册 requires by card type (lib/domain/documents.ts, panhe-train-api.md
   * l.302-306): e-mail for 3/4; sex, expiry and birthday for all but 1/9; the country for 2/8.
   */
  email?: string | null;
  sex?: 1 | 2 | null;
  birthday?: string | null;
  cardValidUntil?: string | null;
  countryCode?: string | null;
}

/** What saving a 常旅客 answered: its identity check and whether its mobile awaits verification. */
export interface PassengerSaved {
  identityVerifyStatus: number | null;
  mobileVerifyStatus: number | null;
  verificationCode: string | null;
}

/**
 * One distributor. Every method takes and returns domain types and throws ProviderError (errors.ts)
 * with kind `business` for a refusal and a transport kind otherwise. Methods a provider lacks (by its
 * capabilities) throw a business ProviderError saying so.
 */
export interface TicketProvider {
  readonly id: ProviderId;
  /** Shown to travellers and admins (聚合数据, 盘河). */
  readonly label: string;
  readonly capabilities: ProviderCapabilities;
  /** Methods that may be repeated without changing the outcome (the resilience layer retries only these). */
  readonly idempotent: ReadonlySet<ProviderMethod>;

  search(q: SearchQuery): Promise<TrainLine[]>;
  stops(q: StopsQuery): Promise<Stop[]>;
  /** Answers the provider's order number at once; the hold result comes by callback / detail. */
  hold(req: HoldRequest): Promise<{ orderNo: string }>;
  /** 确认出票 / pay: payAmountFen is what the hold said (providers that check it get it). */
  confirm(orderNo: string, payAmountFen: Fen): Promise<void>;
  cancel(orderNo: string): Promise<void>;
  detail(orderNo: string): Promise<OrderDetail>;
  refundTicket(req: RefundTicketRequest): Promise<void>;
  applyChange(req: ChangeRequest): Promise<{ chaNo: string }>;
  confirmChange(orderNo: string, chaNo: string, payAmountFen: Fen): Promise<void>;
  cancelChange(chaNo: string, remark: string): Promise<void>;
  /** The prepaid balance, or null when the protocol has no way to read it. */
  balance(): Promise<Fen | null>;
  /** Checks a callback's sign and says which order it concerns; the caller re-reads the order. */
  readCallback(c: InboundCallback): CallbackNotice;
  /** The body that acknowledges a callback. */
  readonly callbackAck: string;
  /** The callback paths this provider posts to (`/api/provider/<id>/callbacks/<kind>`). */
  readonly callbackKinds: readonly string[];
  /**
   * One-time, idempotent account set-up with the portal's public base URL, for providers whose callback
   * URLs are account-wide (juhe setPush) rather than per order. Run by the worker at start and retried.
   */
  setup?(callbackBase: string): Promise<void>;
  /**
   * The provider's whole station list, kept locally by the station sync job (lib/stations/sync.ts), never
   * called per request: panhe-train-api.md l.66 "把信息保存在本地或入库…切勿实时调用该接口,每天最多请求10次".
   */
  stationList?(): Promise<Station[]>;
  /** 12306 account operations, when capabilities.trainAccount. */
  readonly accounts: TrainAccountApi | null;
}

export type ProviderMethod =
  | 'search'
  | 'stops'
  | 'hold'
  | 'confirm'
  | 'cancel'
  | 'detail'
  | 'refundTicket'
  | 'applyChange'
  | 'confirmChange'
  | 'cancelChange'
  | 'balance'
  | 'stationList';
