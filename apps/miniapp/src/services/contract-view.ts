import type { ContractState, ContractView as WireContractView } from '@kit/contract-types/types';

/**
 * contract-types' `ContractView['state']` resolves to `never` (Type.Union over a mapped array loses
 * the literals), so the state is re-typed here from the CONTRACT_STATES-derived `ContractState`.
 */
export type ContractView = Omit<WireContractView, 'state'> & { state: ContractState };
