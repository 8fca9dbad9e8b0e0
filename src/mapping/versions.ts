// Every DMS contract version the gateway can speak, oldest first. Adding one: its XSD, README and
// CHANGELOG under contracts/dms/registration/vN/, a mapping folder here, one line below, goldens
// (`npm run golden`), and the destinations that accept it (src/config/destinations.ts).
import type { Config } from '../config/config.ts';
import type { DmsContract } from './contract.ts';
import { createDmsV1Contract, DMS_V1 } from './dms-v1/contract.ts';
import { createDmsV2Contract, DMS_V2 } from './dms-v2/contract.ts';

export interface ContractVersion {
  name: string;
  /** The folder under contracts/dms/registration/ with its registration.xsd. */
  folder: string;
  /** Golden files of its mapping of every example event. */
  goldenDir: URL;
  create(xroad: Config['xroad']): DmsContract;
}

export const CONTRACT_VERSIONS: readonly ContractVersion[] = [
  { name: DMS_V1, folder: 'v1', goldenDir: new URL('./dms-v1/golden/', import.meta.url), create: createDmsV1Contract },
  { name: DMS_V2, folder: 'v2', goldenDir: new URL('./dms-v2/golden/', import.meta.url), create: createDmsV2Contract },
];

export const CONTRACT_VERSION_NAMES: readonly string[] = CONTRACT_VERSIONS.map((v) => v.name);

export function createContracts(xroad: Config['xroad']): Map<string, DmsContract> {
  return new Map(CONTRACT_VERSIONS.map((v) => [v.name, v.create(xroad)]));
}
