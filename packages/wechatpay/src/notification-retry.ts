/**
 * WeChat Pay's back-off between tries of a notification not acknowledged with a 2xx, in seconds:
 * 14 waits, so 15 tries, the last about 18 h after the first. Receivers must stay idempotent over
 * the whole schedule; the simulator retries on it.
 */
export const NOTIFICATION_RETRY_WAITS_S = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600,
] as const;

/** The first try plus one per wait. */
export const NOTIFICATION_MAX_TRIES = NOTIFICATION_RETRY_WAITS_S.length + 1;
