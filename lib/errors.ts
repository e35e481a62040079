/**
 * One typed error for the portal's own failures. Route handlers and server actions map it centrally
 * to a status and a message meant for the user; anything else becomes a generic 500 whose details
 * stay in the server log.
 */
export type AppErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'bad_request'
  | 'rate_limited'
  | 'upstream';

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 422,
  conflict: 409,
  bad_request: 400,
  rate_limited: 429,
  upstream: 502,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const GENERIC_ERROR_MESSAGE = '服务暂时不可用，请稍后再试。';
