/**
 * Index of the first byte of `bytes` (from `start`) that breaks UTF-8: a byte that cannot start
 * a character, a missing or stray continuation byte, an overlong form, a surrogate or a code
 * point past U+10FFFF (the cases a fatal TextDecoder rejects). -1 when all is valid. A character
 * cut short by the end of `bytes` is invalid only when `bytes` ends the file (`final`): otherwise
 * the next bytes may complete it.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, final = true): number {
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // past U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const c = bytes[i + k]!;
      // The first continuation byte has the tighter range; the others any of 80–BF.
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
