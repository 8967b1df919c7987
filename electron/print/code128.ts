import bwipjs from 'bwip-js';

/** Code 128 of an ASCII text (档号 are ASCII) as a PNG, scaled for 300-dpi printing. */
export function code128Png(text: string): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: 'code128', text, scale: 3, height: 12, includetext: false, paddingwidth: 4, paddingheight: 2 });
}
