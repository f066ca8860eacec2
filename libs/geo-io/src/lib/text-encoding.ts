import iconv from 'iconv-lite';
import { SourceError } from './source';

/** Names users and `.cpg` files give encodings, mapped to what iconv-lite knows. */
const ALIASES: Record<string, string> = { '936': 'gbk', 'cp936': 'gbk', 'gb2312': 'gbk', 'ansi': 'gbk', '65001': 'utf-8', 'utf8': 'utf-8', 'gb18030': 'gb18030' };

/** The canonical name of an encoding, or a 4xx naming it when iconv-lite does not know it. */
export function normaliseEncoding(name: string): string {
  const key = name.trim().toLowerCase();
  const canonical = ALIASES[key] ?? key;
  if (!iconv.encodingExists(canonical)) throw new SourceError('unknown_encoding', `不支持的编码「${name}」/ Unknown text encoding "${name}"`, { encoding: name });
  return canonical;
}

/** The bytes as text when they are valid UTF-8 (a leading byte-order mark kept), else null. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether the bytes are valid UTF-8. */
export const isUtf8 = (bytes: Uint8Array): boolean => strictUtf8(bytes) !== null;

export function decodeWith(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

export function encodeWith(text: string, encoding: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding));
}

/**
 * Decodes a text file: in the encoding asked for, else by its byte-order mark, else UTF-8 when the
 * bytes are valid UTF-8 and GBK (as GB18030, its superset) when they are not — Chinese spreadsheets
 * saved by Excel or WPS are GBK more often than not.
 */
export function decodeText(bytes: Uint8Array, encoding = 'auto'): { text: string; encoding: string; source: 'chosen' | 'bom' | 'detected' } {
  if (encoding !== 'auto') {
    const chosen = normaliseEncoding(encoding);
    return { text: decodeWith(bytes, chosen).replace(/^\uFEFF/, ''), encoding: chosen, source: 'chosen' };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decodeWith(bytes.subarray(3), 'utf-8'), encoding: 'utf-8', source: 'bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeWith(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', source: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeWith(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', source: 'bom' };
  // Decoded once: the strict decoding that tells UTF-8 is also the text.
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', source: 'detected' };
  return { text: decodeWith(bytes, 'gb18030'), encoding: 'gbk', source: 'detected' };
}
