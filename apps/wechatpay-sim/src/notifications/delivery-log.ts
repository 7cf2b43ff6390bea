/** One attempt to deliver a notification, as GET /sim/notifications shows it. */
export interface Attempt {
  at: string;
  status?: number;
  error?: string;
  /** 'probe' = the WECHATPAY/SIGNTEST/ signature, which must fail verification. */
  signature: 'valid' | 'probe';
}

export interface Delivery {
  delivery_id: number;
  notification_id: string;
  event_type: string;
  out_contract_code?: string;
  out_trade_no?: string;
  notify_url: string;
  /** normal; duplicate (a second copy of the same notification); probe (SIGNTEST signature). */
  kind: 'normal' | 'duplicate' | 'probe';
  /**
   * held = kept back by an out_of_order fault until the next notification has gone out; for probes,
   * rejected = the receiver refused the SIGNTEST signature (correct), accepted = it did not (a bug);
   * dropped / delayed = a transaction_notifications fault (never sent / not sent yet).
   */
  status: 'held' | 'dropped' | 'delayed' | 'pending' | 'delivered' | 'failed' | 'rejected' | 'accepted';
  attempts: Attempt[];
  next_attempt_at?: string;
  created_at: string;
  /** The notification body exactly as POSTed (encrypted resource inside). */
  body: string;
}

/** Every delivery since start, in creation order. */
export class DeliveryLog {
  private readonly deliveries: Delivery[] = [];
  private nextId = 1;

  add(fields: Omit<Delivery, 'delivery_id' | 'attempts'>): Delivery {
    const delivery: Delivery = { delivery_id: this.nextId++, attempts: [], ...fields };
    this.deliveries.push(delivery);
    return delivery;
  }

  list(filter: { out_contract_code?: string; out_trade_no?: string } = {}): Delivery[] {
    return this.deliveries.filter(
      (d) =>
        (!filter.out_contract_code || d.out_contract_code === filter.out_contract_code) &&
        (!filter.out_trade_no || d.out_trade_no === filter.out_trade_no),
    );
  }
}
