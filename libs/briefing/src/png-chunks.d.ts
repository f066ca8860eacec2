/** The two small PNG chunk libraries ship no types: a chunk is its four-letter name and its data. */
declare module 'png-chunks-extract' {
  export default function extractChunks(png: Uint8Array): Array<{ name: string; data: Uint8Array }>;
}
declare module 'png-chunks-encode' {
  export default function encodeChunks(chunks: Array<{ name: string; data: Uint8Array }>): Uint8Array;
}
