import type { Floor } from './floor.js';
import type { MachineInfo } from './machine.js';
import type { RoundTrips, WeappSize } from './miniapp.bench.js';
import type { NotificationFigures } from './notifications.types.js';
import type { PaymentFigures } from './payments.types.js';
import type { PresignFigures } from './presign.types.js';

export interface Results {
  machine: MachineInfo;
  settings: Record<string, number | string>;
  floor: Floor;
  presign: PresignFigures;
  notifications: NotificationFigures;
  payments: PaymentFigures;
  weapp: WeappSize | { notMeasured: string };
  tapRoundTrips: RoundTrips | { notMeasured: string };
  durationS: number;
  /** 1-minute load average when the run ended (the machine is shared). */
  loadAtEnd: number;
}
