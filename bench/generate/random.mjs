// Seeded randomness for the generator: one stream per run, so the same seed writes the same data.
// sfc32 (a small, fast, well-mixed 32-bit generator) seeded through splitmix32: plenty for synthetic
// traffic, and several times faster than anything crypto-grade.

function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded random source with the draws the generator needs. */
export class Random {
  #a;
  #b;
  #c;
  #d;

  constructor(seed) {
    const mix = splitmix32(seed);
    this.#a = mix();
    this.#b = mix();
    this.#c = mix();
    this.#d = mix();
    // sfc32 needs a few rounds before its output is well mixed.
    for (let i = 0; i < 16; i++) this.uint32();
  }

  uint32() {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    this.#c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next() {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min, max) {
    return min + this.int(max - min + 1);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** A random unsigned 64-bit id (never 0: 0 means "none" in the id columns). */
  id64() {
    const high = BigInt(this.uint32());
    const low = BigInt((this.uint32() | 1) >>> 0);
    return (high << 32n) | low;
  }

  /** Standard normal (Box–Muller). */
  normal() {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  logNormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }

  /** Number of failures before the first success, success probability p. */
  geometric(p) {
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** `length` random characters of [a-zA-Z0-9] (Matomo's pv_id shape). */
  token(length) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHANUMERIC[this.int(ALPHANUMERIC.length)];
    return out;
  }
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A sampler over `items` with the given relative weights: binary search on the cumulative weights, so a
 * draw costs O(log n) whatever the number of items (page lists have thousands).
 */
export function weighted(items, weights) {
  if (items.length === 0 || items.length !== weights.length) throw new Error('weighted(): items and weights must match');
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    cumulative[i] = sum;
  }
  return (random) => {
    const x = random.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

/** Sampler over `[value, weight]` pairs. */
export function weightedPairs(pairs) {
  return weighted(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );
}

/** Zipf weights 1/k^s for ranks 1..n. */
export function zipfWeights(n, s) {
  return Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
}

/** A deterministic Fisher–Yates shuffle of a copy. */
export function shuffled(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
