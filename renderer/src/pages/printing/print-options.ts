import { useEffect, useState } from 'react';
import type { PaperSize, PrintOptions } from '../../../../shared/domain/print-types';

/** The options panel's state: a paper choice the form can edit, plus colour and calibration. */
export interface OptionsState {
  paper: 'A4' | 'A3' | 'custom';
  widthMm: number;
  heightMm: number;
  colour: boolean;
  offsetXmm: number;
  offsetYmm: number;
  /** Covers in Chinese only unless English is chosen. */
  english: boolean;
}

const KEY = 'archive-print-options';
const DEFAULTS: OptionsState = { paper: 'A4', widthMm: 210, heightMm: 297, colour: true, offsetXmm: 0, offsetYmm: 0, english: false };

/** Calibration belongs to this computer's printer, so the last values live in localStorage, not in the vault. */
function load(): OptionsState {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<OptionsState> | null;
    return { ...DEFAULTS, ...(v && typeof v === 'object' ? v : {}) };
  } catch {
    return DEFAULTS;
  }
}

export function usePrintOptions(): [OptionsState, (patch: Partial<OptionsState>) => void] {
  const [state, setState] = useState<OptionsState>(load);
  useEffect(() => localStorage.setItem(KEY, JSON.stringify(state)), [state]);
  return [state, (patch) => setState((s) => ({ ...s, ...patch }))];
}

/** The request's options. */
export function toRequest(s: OptionsState): PrintOptions {
  const paper: PaperSize = s.paper === 'custom' ? { widthMm: s.widthMm, heightMm: s.heightMm } : s.paper;
  const clamp = (n: number) => Math.max(-20, Math.min(20, Number.isFinite(n) ? n : 0));
  return { paper, colour: s.colour, offsetXmm: clamp(s.offsetXmm), offsetYmm: clamp(s.offsetYmm), english: s.english === true };
}
