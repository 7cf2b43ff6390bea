import type { Kysely } from 'kysely';
import type { ContractsTable, DatabaseSchema } from '../db/schema.js';
import { columnList, type FixedStatements, fixedStatements } from '../db/statements.js';
import type { ContractRecord } from './contracts.types.js';

const FLAGS = {
  out_contract_code: true,
  sub_mchid: true,
  sub_appid: true,
  sub_openid: true,
  service_id: true,
  contract_display_account: true,
  state: true,
  pre_entrustweb_id: true,
  sign_mp_appid: true,
  sign_mp_path: true,
  presign_expires_at: true,
  contract_id: true,
  signed_at: true,
  terminated_at: true,
  termination_mode: true,
  termination_remark: true,
  last_queried_at: true,
  created_at: true,
  updated_at: true,
  origin: true,
} as const;
const ROW = columnList<ContractsTable>(FLAGS);
const OF_C = columnList<ContractsTable>(FLAGS, 'c.');

/** The contracts' hot statements (why fixed texts: `db/statements.ts`); only syntax both engines share. */
const TEXT = {
  /** Written last in its transaction, with the outcome: no row back means a duplicate. */
  recordNotification:
    'insert into processed_notifications (id, event_type, out_contract_code, outcome, received_at) ' +
    'values (?, ?, ?, ?, ?) on conflict (id) do nothing returning id',
  contractByCode: `select ${ROW} from contracts where out_contract_code = ?`,
  signedOf:
    `select ${ROW} from contracts where sub_mchid = ? and sub_openid = ? and state = 'SIGNED' ` +
    'order by signed_at desc limit 1',
  insertEvent:
    'insert into contract_events (id, out_contract_code, from_state, to_state, source, notification_id, at) ' +
    'values (?, ?, ?, ?, ?, ?, ?)',
  insertPending:
    'insert into contracts (out_contract_code, sub_mchid, sub_appid, sub_openid, service_id, ' +
    'contract_display_account, origin, state, pre_entrustweb_id, created_at, updated_at) ' +
    "values (?, ?, ?, ?, ?, ?, ?, 'PRESIGNED', null, ?, ?) on conflict (out_contract_code) do nothing",
  recordPresign:
    'update contracts set pre_entrustweb_id = ?, sign_mp_appid = ?, sign_mp_path = ?, ' +
    "presign_expires_at = ?, updated_at = ? where out_contract_code = ? and state = 'PRESIGNED'",
  signed:
    "update contracts set state = 'SIGNED', updated_at = ?, contract_id = ?, signed_at = ? " +
    'where out_contract_code = ? and state = ?',
  terminated:
    "update contracts set state = 'TERMINATED', updated_at = ?, contract_id = ?, signed_at = ?, " +
    'terminated_at = ?, termination_mode = ?, termination_remark = ? where out_contract_code = ? and state = ?',
  expired: "update contracts set state = 'EXPIRED', updated_at = ? where out_contract_code = ? and state = ?",
  /**
   * What a pre-sign needs to know about its user in one round trip: the signed contract, the
   * mini-program pre-signs WeChat Pay knows (any of them may be signed; a user has one or two), the
   * pending one to retry (a pay-redirect pre-sign has no pre_entrustweb_id either, but it belongs to
   * its order's payment sheet: never retried or handed out here).
   */
  presignLookup:
    `select * from (select 'signed' as kind, ${OF_C} from contracts c ` +
    "where sub_mchid = ? and sub_openid = ? and state = 'SIGNED' order by created_at desc limit 1) s " +
    `union all select * from (select 'presigned' as kind, ${OF_C} from contracts c ` +
    "where sub_mchid = ? and sub_openid = ? and state = 'PRESIGNED' and pre_entrustweb_id is not null " +
    'order by presign_expires_at desc limit 5) p ' +
    `union all select * from (select 'pending' as kind, ${OF_C} from contracts c ` +
    "where sub_mchid = ? and sub_openid = ? and state = 'PRESIGNED' and origin = 'MINI_PROGRAM' " +
    'and pre_entrustweb_id is null ' +
    'and contract_display_account = ? and created_at > ? order by created_at desc limit 1) q',
} as const;

export type StatementName = keyof typeof TEXT;
export type Statements = FixedStatements<StatementName, ContractRecord>;

export const createStatements = (db: Kysely<DatabaseSchema>): Statements =>
  fixedStatements(db, 'contracts', TEXT);
