// A trust file may hold several CA certificates (a bundle); each is pinned separately.
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function splitPemBundle(text: string): string[] {
  const pems = text.match(CERTIFICATE) ?? [];
  if (pems.length === 0) throw new Error('no PEM certificate found');
  return pems.map((p) => `${p}\n`);
}
