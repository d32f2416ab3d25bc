import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Where minted ids and tokens come from: the platform's CSPRNG, or a seeded generator. */
export interface Random {
  bytes(count: number): Uint8Array;
}

/**
 * With a seed (`--seed 7`), every id and token a mock mints is the same from run to run:
 * pure-rand's xoroshiro128+, which runs in pages too. Without one, Web Crypto, so that
 * tokens cannot be guessed by another program on the machine.
 */
export function createRandom(seed?: number): Random {
  if (seed === undefined) return { bytes: (count) => globalThis.crypto.getRandomValues(new Uint8Array(count)) };
  const generator = xoroshiro128plus(seed);
  // A generator seeded with a small number starts with words of few set bits
  // (`feffffff-…`): the first ones are thrown away.
  for (let index = 0; index < 32; index += 1) generator.next();
  return {
    bytes(count) {
      const out = new Uint8Array(count);
      for (let index = 0; index < count; index += 4) {
        const word = generator.next() >>> 0;
        for (let byte = 0; byte < 4 && index + byte < count; byte += 1) out[index + byte] = (word >>> (byte * 8)) & 0xff;
      }
      return out;
    },
  };
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 32 random bytes as base64url: what a server's opaque session token looks like. */
export function mintToken(random: Random, prefix = ''): string {
  let text = '';
  for (const byte of random.bytes(32)) text += URL_SAFE[byte & 63];
  return prefix + text;
}

/** A version-4 UUID from the given randomness. */
export function mintUuid(random: Random): string {
  const bytes = random.bytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
