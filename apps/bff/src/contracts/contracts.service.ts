import {
  BFF_TERMINATION_MODES,
  type ContractView as ContractViewBody,
  type PresignResponse,
} from '@kit/contract-types';
import { presignMiniProgram, terminateContract, WechatPayApiError } from '@kit/wechatpay';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { AppError, upstreamError } from '../lib/errors.js';
import { iso } from '../lib/time.js';
import type { Caller } from '../session/session.service.js';
import type { WechatPort } from '../upstream/wechat.port.js';
import { answersFor, ownerOf, presignFields, reserveContractCode } from './contracts.presign.js';
import type { ContractsRepo } from './contracts.repo.types.js';
import { type ContractSync, isNotFound } from './contracts.sync.js';
import type { ContractRecord, Transition } from './contracts.types.js';
import { toContractView, toPresignResponse } from './contracts.view.js';

export const PRESIGN_TTL_MS = 2 * 60 * 60 * 1000;
/** A pre-sign is handed out again only while the user still has this long to finish signing. */
export const PRESIGN_REUSE_MIN_REMAINING_MS = 15 * 60 * 1000;
const DEFAULT_TERMINATE_REMARK = '用户在小程序内解约';

export interface ContractsServiceDeps {
  config: Config;
  repo: ContractsRepo;
  sync: ContractSync;
  wechat: WechatPort;
  now: () => number;
  /** 32 characters of `[0-9A-Za-z]`, fresh every call. */
  newContractCode: () => string;
}

const notFound = () => new AppError(404, 'NOT_FOUND', 'No such contract');
const alreadyActive = () =>
  new AppError(409, 'CONTRACT_ALREADY_ACTIVE', 'Password-exempt payment is already on');

export function createContractsService(d: ContractsServiceDeps) {
  /** WeChat Pay refused our terminate call: the query API says what the contract really is. */
  async function afterRefusal(
    row: ContractRecord,
    error: unknown,
    remark: string,
    log: FastifyBaseLogger,
  ): Promise<Transition> {
    const rejected = error instanceof WechatPayApiError && error.status < 500 && error.status !== 429;
    const learned = rejected ? await d.sync.learn(row, log).catch(() => undefined) : undefined;
    // Terminated meanwhile inside WeChat (or by a concurrent call): a success.
    const told = learned?.known ? learned.transition : undefined;
    if (told?.to === 'TERMINATED') return { ...told, remark: told.remark ?? remark };
    if (learned?.known === false && isNotFound(error)) {
      // Terminate and query agree that WeChat Pay has no such contract: whatever our row says, it
      // is not active. Recording that lets the user pre-sign again instead of being stuck.
      log.warn(
        { action: 'terminate', contract: row.out_contract_code },
        'WeChat Pay does not know the contract',
      );
      const mode = BFF_TERMINATION_MODES.unknownToWechatpay;
      return { to: 'TERMINATED', terminatedAt: iso(d.now()), mode, remark };
    }
    throw upstreamError(error, log, 'terminate');
  }

  async function ownedRow(caller: Caller, code: string): Promise<ContractRecord> {
    const row = await d.repo.findOwned(code, ownerOf(caller));
    if (!row) throw notFound();
    return row;
  }

  return {
    async presign(caller: Caller, log: FastifyBaseLogger): Promise<PresignResponse> {
      const display = caller.subMerchant.contract_display_account;
      const found = await d.repo.presignLookup(ownerOf(caller), display, iso(d.now() - PRESIGN_TTL_MS));
      if (found.signed) throw alreadyActive();
      const [existing, ...older] = found.presigned;
      // A superseded pre-sign stays signable until its own expiry: its signing must not go unseen.
      for (const row of older) {
        if ((await d.sync.refresh(row, log)).state === 'SIGNED') throw alreadyActive();
      }
      if (existing?.presign_expires_at && existing.contract_display_account === display) {
        if (existing.presign_expires_at > iso(d.now() + PRESIGN_REUSE_MIN_REMAINING_MS)) {
          return toPresignResponse(existing);
        }
      }
      if (existing) {
        // Close to expiry (or for another display account): it may have been signed with the
        // notification still on its way.
        if ((await d.sync.refresh(existing, log)).state === 'SIGNED') throw alreadyActive();
      }
      // A pre-sign whose upstream call failed earlier is retried with the same code.
      const code = found.pending?.out_contract_code ?? (await reserveContractCode(d, caller, 'MINI_PROGRAM'));
      let res: Awaited<ReturnType<typeof presignMiniProgram>>;
      try {
        res = await presignMiniProgram(d.wechat.client, presignFields(d.config, caller, code));
      } catch (error) {
        throw upstreamError(error, log, 'pre-sign');
      }
      if (!answersFor(res, code, caller)) {
        log.error({ action: 'pre-sign' }, 'WeChat Pay answered for another contract');
        throw new AppError(502, 'UPSTREAM_UNVERIFIED', 'WeChat Pay answer does not match the request');
      }
      const nowMs = d.now();
      const result = {
        pre_entrustweb_id: res.pre_entrustweb_id,
        sign_mp_appid: res.sign_mp_appid,
        sign_mp_path: res.sign_mp_path,
        presign_expires_at: iso(nowMs + PRESIGN_TTL_MS),
      };
      await d.repo.recordPresign(code, result, iso(nowMs));
      return toPresignResponse({ out_contract_code: code, ...result });
    },

    async current(caller: Caller, log: FastifyBaseLogger): Promise<ContractViewBody> {
      // A pre-sign signed with its notification lost is found here, before the status is read.
      await d.sync.refreshLive(ownerOf(caller), log);
      const row = await d.repo.findStatus(ownerOf(caller));
      if (!row) throw new AppError(404, 'NO_CONTRACT', 'No contract yet');
      return toContractView(row);
    },

    async get(caller: Caller, code: string, log: FastifyBaseLogger): Promise<ContractViewBody> {
      const row = await ownedRow(caller, code);
      if (row.state === 'PRESIGNED' && !row.presign_expires_at) throw notFound();
      return toContractView(await d.sync.refresh(row, log));
    },

    async terminate(caller: Caller, code: string, remark: string | undefined, log: FastifyBaseLogger) {
      let row = await ownedRow(caller, code);
      if (row.state === 'PRESIGNED') row = await d.sync.refresh(row, log);
      if (row.state === 'TERMINATED') return toContractView(row);
      if (row.state !== 'SIGNED') {
        throw new AppError(409, 'CONTRACT_NOT_ACTIVE', 'Only a signed contract can be terminated');
      }
      const said = remark ?? DEFAULT_TERMINATE_REMARK;
      let t: Transition | undefined;
      try {
        await terminateContract(d.wechat.client, {
          serviceId: row.service_id,
          outContractCode: code,
          remark: said,
        });
      } catch (error) {
        t = await afterRefusal(row, error, said, log);
      }
      if (!t) {
        // Best effort: WeChat's own record of the termination (time, mode); ours otherwise.
        const learned = await d.sync.learn(row, log).catch(() => undefined);
        const told = learned?.known ? learned.transition : undefined;
        t =
          told?.to === 'TERMINATED'
            ? { ...told, remark: told.remark ?? said }
            : { to: 'TERMINATED', terminatedAt: iso(d.now()), remark: said };
      }
      const nowIso = iso(d.now());
      await d.repo.transition(code, t, { source: 'terminate', now: nowIso });
      return toContractView((await d.repo.findByCode(code)) ?? row);
    },
  };
}

export type ContractsService = ReturnType<typeof createContractsService>;
