import { generateRsaKeyPair, type RsaKeyPair } from '../../src/testing/index.js';

/** RSA generation costs ~100 ms: one merchant pair and one WeChat Pay pair per test file. */
export const merchant: RsaKeyPair & { mchid: string; serialNo: string } = {
  ...generateRsaKeyPair(),
  mchid: '1900007291',
  serialNo: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
};

export const platform: RsaKeyPair & { serial: string } = {
  ...generateRsaKeyPair(),
  serial: 'PUB_KEY_ID_0114232134912410000000000000',
};

/** A fixed clock (epoch ms) shared by signer, verifier and fake server. */
export const NOW_MS = 1_800_000_000_000;
export const now = () => NOW_MS;

export const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
