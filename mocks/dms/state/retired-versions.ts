// The contract versions the mock no longer serves (`PUT /__admin/versions`). A message in a retired
// version gets the Client fault CONTRACT_VERSION_RETIRED: the sender must re-make it in a newer one.
import { CONTRACT_NAMESPACES } from '../model.ts';

export class RetiredVersions {
  #retired = new Set<string>();

  /** Versions the mock knows, oldest first. */
  get known(): string[] {
    return Object.keys(CONTRACT_NAMESPACES);
  }

  isRetired(version: string): boolean {
    return this.#retired.has(version);
  }

  /** Replaces the retired set; returns the unknown versions named (nothing is changed then). */
  set(versions: string[]): string[] {
    const unknown = versions.filter((v) => !this.known.includes(v));
    if (unknown.length === 0) this.#retired = new Set(versions);
    return unknown;
  }

  view(): { versions: string[]; retiredVersions: string[] } {
    return { versions: this.known, retiredVersions: this.known.filter((v) => this.#retired.has(v)) };
  }
}
