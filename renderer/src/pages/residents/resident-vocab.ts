import { codedOptions, type CodedColumn, type CodedOption } from '../../../../shared/domain/coded-values';

/**
 * Suggestions for the free-text resident fields: the importer's vocabularies (shared/domain/coded-vocab.ts),
 * so the form stores the same values an imported sheet does ("汉族", never "Han" in the English UI).
 */
const FIELDS = [
  'ethnicity',
  'politicalStatus',
  'education',
  'relationToHead',
  'maritalStatus',
  'health',
  'medicalInsurance',
  'socialInsurance',
  'subsistence',
] as const satisfies readonly CodedColumn[];

export const SUGGEST: Record<(typeof FIELDS)[number], readonly CodedOption[]> = Object.fromEntries(FIELDS.map((f) => [f, codedOptions(f)])) as never;
