/** ANSI colours only where the caller says the output is a terminal; plain text otherwise. */
export interface Palette {
  readonly good: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string): string => text;
export const PLAIN: Palette = { good: plain, bad: plain, dim: plain };
export const ANSI: Palette = {
  good: (text) => `\u001b[32m${text}\u001b[39m`,
  bad: (text) => `\u001b[31m${text}\u001b[39m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
};
