/** Detail object as WeChat Pay returns it with PARAM_ERROR. */
export interface ErrorDetail {
  field?: string;
  value?: unknown;
  issue: string;
  location: 'body' | 'path' | 'query' | 'header';
}

/** An APIv3 error answer: HTTP status + WeChat Pay `code` + message (+ detail). */
export class WechatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }

  toBody(): { code: string; message: string; detail?: ErrorDetail } {
    const body = { code: this.code, message: this.message };
    return this.detail ? { ...body, detail: this.detail } : body;
  }
}

export const paramError = (message: string, detail: ErrorDetail) =>
  new WechatApiError(400, 'PARAM_ERROR', message, detail);

export const invalidRequest = (message: string) => new WechatApiError(400, 'INVALID_REQUEST', message);

export const signError = (issue: string) =>
  new WechatApiError(401, 'SIGN_ERROR', '签名错误', { issue, location: 'header' });

export const noAuth = (message: string) => new WechatApiError(403, 'NO_AUTH', message);

export const notFound = (message: string) => new WechatApiError(404, 'RESOURCE_NOT_EXISTS', message);

/** Errors of the simulator's own control API (`/sim/*`): never WeChat-shaped, stable codes. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
