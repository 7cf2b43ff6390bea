/** What a service asks the notifier to send; the notifier signs, encrypts, delivers and retries it. */
export interface NotificationEvent {
  eventType: string;
  summary: string;
  notifyUrl: string;
  /** The plaintext resource (encrypted with the APIv3 key). */
  payload: object;
  /** `resource.original_type` and `associated_data`: WeChat Pay's product word. */
  resourceType: 'contract' | 'transaction';
  /** What GET /sim/notifications filters on. */
  ref: { out_contract_code?: string; out_trade_no?: string };
}
