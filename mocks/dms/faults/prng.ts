// A seeded generator so that a probabilistic fault scenario replays identically: Marsaglia's
// xorshift32, plenty for "fail about 20 % of requests". The seed is scrambled first because
// xorshift never leaves 0 and small seeds start with small numbers.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 0x6d2b79f5;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
